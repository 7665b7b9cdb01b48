using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Models;

/// <summary>
/// Ordered ground distance over the m distinct values in their natural order:
/// EMD = 1/(m−1) · Σᵢ |Σⱼ≤ᵢ (pⱼ − qⱼ)|; a class passes iff EMD ≤ t.
/// </summary>
public class OrderedDistanceTClosenessTests
{
    private static bool Accepts(double t, ColumnType type, params string[] classValues) =>
        new CriterionHarness(new OrderedDistanceTCloseness("Salary", t), TClosenessData.Salaries, type).Accepts(classValues);

    [Fact]
    public void Test2_salary_is_read_as_numbers()
    {
        Assert.Equal(ColumnType.Integer, TClosenessData.SalaryType);
        Assert.Equal(["3", "4", "5", "6", "11", "8", "7", "9", "10"], TClosenessData.Salaries);
    }

    [Fact]
    public void Li_et_al_first_class_is_at_0_375()
    {
        // Li et al. 2007, Section 4.3: P1 = {3k, 4k, 5k} vs Q = {3k, …, 11k} has EMD 0.375.
        // pᵢ − qᵢ in order 3..11: 2/9, 2/9, 2/9, then −1/9 six times; running sums 2, 4, 6, 5, 4, 3, 2, 1, 0 (ninths)
        // add up to 27/9 = 3, and 3/(9 − 1) = 0.375.
        Assert.True(Accepts(0.375, ColumnType.Integer, "3", "4", "5"));
        Assert.False(Accepts(0.374, ColumnType.Integer, "3", "4", "5"));
    }

    [Fact]
    public void Li_et_al_second_class_is_at_0_167()
    {
        // P2 = {6k, 8k, 11k}: pᵢ − qᵢ in order 3..11 (ninths): −1, −1, −1, 2, −1, 2, −1, −1, 2;
        // running sums −1, −2, −3, −1, −2, 0, −1, −2, 0 → Σ|·| = 12/9; 12/9/8 = 1/6 = 0.1667.
        Assert.True(Accepts(1d / 6, ColumnType.Integer, "6", "8", "11"));
        Assert.True(Accepts(0.167, ColumnType.Integer, "6", "8", "11"));
        Assert.False(Accepts(0.166, ColumnType.Integer, "6", "8", "11"));
        // {4k, 7k, 10k}: running sums −1, 1, 0, −1, 1, 0, −1, 1, 0 → 6/9/8 = 1/12.
        Assert.True(Accepts(1d / 12, ColumnType.Integer, "4", "7", "10"));
        Assert.False(Accepts(0.083, ColumnType.Integer, "4", "7", "10"));
    }

    [Fact]
    public void Text_values_are_ordered_ordinally()
    {
        // As text the order is 10, 11, 3, 4, 5, 6, 7, 8, 9: for {3, 4, 5} the running sums (ninths) are
        // −1, −2, 0, 2, 4, 3, 2, 1, 0 → 15/9/8 = 15/72 = 0.2083.
        Assert.True(Accepts(15d / 72, ColumnType.Text, "3", "4", "5"));
        Assert.False(Accepts(0.208, ColumnType.Text, "3", "4", "5"));
    }

    [Fact]
    public void Extremes()
    {
        // All mass on the smallest value: running sums 8, 7, …, 1, 0 (ninths) → 36/9/8 = 0.5.
        Assert.True(Accepts(0.5, ColumnType.Integer, "3"));
        Assert.False(Accepts(0.49, ColumnType.Integer, "3"));
        Assert.True(Accepts(0, ColumnType.Integer, TClosenessData.Salaries));
    }

    [Fact]
    public void T_outside_the_unit_interval_is_rejected()
    {
        var error = Assert.Throws<InvalidOptionException>(() => new OrderedDistanceTCloseness("Salary", 2).Validate());
        Assert.Equal("ordered-distance-t-closeness on 'Salary': t must be in [0, 1], got 2.", error.Message);
        Assert.Throws<InvalidOptionException>(() => new OrderedDistanceTCloseness("Salary", -0.01).Validate());
        Assert.False(new OrderedDistanceTCloseness("Salary", 0.2).IsMonotonicWithSuppression);
    }

    [Fact]
    public void The_engine_finds_the_paper_distances_on_test2()
    {
        // The 3-diverse grouping of Li et al. (Table 4): ZIP level 2, age level 1. Its classes' salary
        // distances are 0.375, 0.167 and 0.083, so t = 0.375 holds, t = 0.3 fails only the first class.
        var qis = new List<EngineQuasiIdentifier>
        {
            new("ZIPCode", SmallData.Hierarchy("test2_hierarchy_ZIPCode.csv")),
            new("Age", SmallData.Hierarchy("test2_hierarchy_Age.csv")),
        };
        var loose = new EngineHarness(SmallData.Test2, qis, [new OrderedDistanceTCloseness("Salary", 0.375)], 0, UtilityMetric.DiscernibilityMonotonic);
        Assert.True(loose.Evaluate(2, 1).IsAnonymous);
        var tight = new EngineHarness(SmallData.Test2, qis, [new OrderedDistanceTCloseness("Salary", 0.3)], 3 / 9d, UtilityMetric.DiscernibilityMonotonic);
        var evaluation = tight.Evaluate(2, 1);
        Assert.Equal(3, evaluation.SuppressedRecords);
        Assert.True(evaluation.IsAnonymous);
        // The 0.167-close grouping of Li et al. (Table 5) is not a full-domain generalization of these
        // hierarchies, so it is not checked here.
    }
}
