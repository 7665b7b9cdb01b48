using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Models;

/// <summary>
/// Hierarchical ground distance (Li et al. 2007, Section 4.3): leaves i, j are at distance
/// level(lowest common ancestor)/H, and EMD = Σ over inner nodes N of level(N)/H · min(pos(N), neg(N)),
/// where pos/neg sum the positive/negative net extras (pᵢ − qᵢ, or a child node's net) of N's children.
/// test2's Disease hierarchy has height H = 3:
///   stomach disease {gastric ulcer, gastritis, stomach cancer} → digestive system disease → root;
///   respiratory infection {flu, bronchitis, pneumonia} → vascular lung disease → root.
/// Li et al. report distances for Disease computed on their larger Figure 1 hierarchy; the values below
/// are worked out by hand from the definition on test2's hierarchy instead.
/// </summary>
public class HierarchicalDistanceTClosenessTests
{
    private static Hierarchy Diseases => SmallData.Hierarchy("test2_hierarchy_Disease.csv");

    private static bool Accepts(double t, params string[] classValues) =>
        new CriterionHarness(new HierarchicalDistanceTCloseness("Disease", t, Diseases), TClosenessData.Diseases).Accepts(classValues);

    private static void AssertDistance(double expected, params string[] classValues)
    {
        Assert.True(Accepts(Math.Min(1, expected + 1e-9), classValues), $"should pass at {expected} + 1e-9");
        Assert.False(Accepts(expected - 1e-9, classValues), $"should fail at {expected} − 1e-9");
    }

    [Fact]
    public void Stomach_diseases_only()
    {
        // p − q (ninths): gastric ulcer +2, gastritis +1, stomach cancer +1, flu −1, bronchitis −2, pneumonia −1.
        // Level 1: stomach disease pos 4 neg 0 → 0; respiratory infection pos 0 neg 4 → 0. Nets +4, −4.
        // Level 2: single children → 0. Root (level 3/3): min(4, 4)/9 = 4/9.
        AssertDistance(4d / 9, "gastric ulcer", "gastritis", "stomach cancer");
        Assert.True(Accepts(4d / 9, "gastric ulcer", "gastritis", "stomach cancer"));
    }

    [Fact]
    public void Mixed_class()
    {
        // {gastric ulcer, stomach cancer, pneumonia}; p − q (ninths): +2, −2, +1 | flu −1, bronchitis −2, pneumonia +2.
        // Level 1 (weight 1/3): stomach min(3, 2) = 2, net +1; respiratory min(2, 3) = 2, net −1 → (2 + 2)/9/3 = 4/27.
        // Root (weight 1): min(1, 1)/9 = 3/27. Total 7/27 = 0.2593.
        AssertDistance(7d / 27, "gastric ulcer", "stomach cancer", "pneumonia");
        // {gastritis, flu, bronchitis}; p − q: −1, +1, −2 | +2, +1, −1.
        // Level 1: stomach min(1, 3) = 1, net −2; respiratory min(3, 1) = 1, net +2 → 2/27. Root: 2/9 = 6/27. Total 8/27.
        AssertDistance(8d / 27, "gastritis", "flu", "bronchitis");
        // {gastritis, bronchitis, stomach cancer}: −1, +1, +1 | −1, +1, −1 → level 1: 1 + 1 → 2/27; root 1/9 = 3/27. Total 5/27.
        AssertDistance(5d / 27, "gastritis", "bronchitis", "stomach cancer");
    }

    [Fact]
    public void Whole_table_and_single_value()
    {
        Assert.True(Accepts(0, TClosenessData.Diseases));
        // {flu}: p − q (ninths) −1, −2, −2 | +8, −2, −1. Level 1: respiratory min(8, 3) = 3, net +5 → 3/27.
        // Root: min(5, 5)/9 = 15/27. Total 18/27 = 2/3.
        AssertDistance(2d / 3, "flu");
    }

    [Fact]
    public void A_flat_hierarchy_gives_the_equal_distance()
    {
        // With only the root above the leaves (H = 1) every pair is at distance 1: EMD = ½ Σ|p − q|.
        var flat = Hierarchy.FromRows(TClosenessData.Diseases.Distinct().Select(d => new[] { d, "*" }));
        string[] cls = ["gastric ulcer", "stomach cancer", "pneumonia"];
        Assert.True(new CriterionHarness(new HierarchicalDistanceTCloseness("Disease", 5d / 9 + 1e-9, flat), TClosenessData.Diseases).Accepts(cls));
        Assert.False(new CriterionHarness(new HierarchicalDistanceTCloseness("Disease", 5d / 9 - 1e-9, flat), TClosenessData.Diseases).Accepts(cls));
    }

    [Fact]
    public void Hierarchy_rows_for_absent_values_do_not_change_the_distance()
    {
        var rows = Diseases.Rows.Select(r => r.ToArray()).Append(["colitis", "colon disease", "digestive system disease", "respiratory&digestive disease"]);
        var extended = Hierarchy.FromRows(rows);
        string[] cls = ["gastric ulcer", "stomach cancer", "pneumonia"];
        Assert.True(new CriterionHarness(new HierarchicalDistanceTCloseness("Disease", 7d / 27 + 1e-9, extended), TClosenessData.Diseases).Accepts(cls));
        Assert.False(new CriterionHarness(new HierarchicalDistanceTCloseness("Disease", 7d / 27 - 1e-9, extended), TClosenessData.Diseases).Accepts(cls));
    }

    [Fact]
    public void A_value_missing_from_the_hierarchy_is_reported()
    {
        var partial = Hierarchy.FromRows(Diseases.Rows.Where(r => r[0] != "flu").Select(r => r.ToArray()), "diseases.csv");
        var error = Assert.Throws<HierarchyException>(() => new CriterionHarness(new HierarchicalDistanceTCloseness("Disease", 0.2, partial), TClosenessData.Diseases));
        Assert.Equal("hierarchical-distance-t-closeness on 'Disease': the value 'flu' has no row in the hierarchy diseases.csv.", error.Message);
    }

    [Fact]
    public void Invalid_parameters_are_rejected()
    {
        var error = Assert.Throws<InvalidOptionException>(() => new HierarchicalDistanceTCloseness("Disease", 1.5, Diseases).Validate());
        Assert.Equal("hierarchical-distance-t-closeness on 'Disease': t must be in [0, 1], got 1.5.", error.Message);
        Assert.Throws<ArgumentNullException>(() => new HierarchicalDistanceTCloseness("Disease", 0.5, null!).Validate());
        Assert.False(new HierarchicalDistanceTCloseness("Disease", 0.5, Diseases).IsMonotonicWithSuppression);
    }
}
