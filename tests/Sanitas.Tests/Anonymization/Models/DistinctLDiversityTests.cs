using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Models;

public class DistinctLDiversityTests
{
    private static readonly string[] Table = ["a", "a", "a", "b", "b", "c", "d"];

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void A_class_passes_with_at_least_l_distinct_values(int l, bool expected) =>
        // Three distinct values, however skewed: a a a a a b c.
        Assert.Equal(expected, new CriterionHarness(new DistinctLDiversity("s", l), Table).Accepts(CriterionHarness.Class(("a", 5), ("b", 1), ("c", 1))));

    [Fact]
    public void Only_the_number_of_distinct_values_counts()
    {
        var harness = new CriterionHarness(new DistinctLDiversity("s", 2), Table);
        Assert.True(harness.Accepts("a", "b"));
        Assert.True(harness.Accepts(CriterionHarness.Class(("a", 99), ("d", 1))));
        Assert.False(harness.Accepts(CriterionHarness.Class(("c", 50))));
    }

    [Fact]
    public void Is_monotonic_with_suppression_and_needs_classes_of_l()
    {
        var model = new DistinctLDiversity("s", 4);
        Assert.True(model.IsMonotonicWithSuppression);
        Assert.Equal(4, model.MinimalClassSize);
        Assert.Equal("s", model.SensitiveAttribute);
    }

    [Fact]
    public void L_below_one_is_rejected()
    {
        var error = Assert.Throws<InvalidOptionException>(() => new DistinctLDiversity("disease", 0).Validate());
        Assert.Equal("distinct-l-diversity on 'disease': l must be at least 1, got 0.", error.Message);
    }

    [Fact]
    public void On_test2_the_3_diverse_classes_of_the_paper_pass()
    {
        // Li et al. 2007, Table 4: the 3-diverse version of test2.csv groups ZIP 476**/age 2* (rows 1-3),
        // ZIP 4790*/age >=40 (rows 4-6) and ZIP 476**/age 3* (rows 7-9); at ZIP level 2 and age level 1
        // of test2's hierarchies (476**, 479**; [20,30[, >=40, [30,40[) these are exactly the classes.
        var qis = new List<EngineQuasiIdentifier>
        {
            new("ZIPCode", SmallData.Hierarchy("test2_hierarchy_ZIPCode.csv")),
            new("Age", SmallData.Hierarchy("test2_hierarchy_Age.csv")),
        };
        var engine = new EngineHarness(SmallData.Test2, qis, [new DistinctLDiversity("Disease", 3)], 0, UtilityMetric.DiscernibilityMonotonic);
        var evaluation = engine.Evaluate(2, 1);
        Assert.Equal([3, 3, 3], evaluation.Snapshot.Sizes.Order());
        Assert.True(evaluation.IsAnonymous);
        Assert.False(new EngineHarness(SmallData.Test2, qis, [new DistinctLDiversity("Disease", 4)], 0, UtilityMetric.DiscernibilityMonotonic).Evaluate(2, 1).IsAnonymous);
    }
}
