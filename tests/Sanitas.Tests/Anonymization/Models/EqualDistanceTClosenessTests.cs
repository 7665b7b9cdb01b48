using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Models;

/// <summary>Equal ground distance: EMD = ½ Σ |pᵢ − qᵢ| over all values of the table; a class passes iff EMD ≤ t.</summary>
public class EqualDistanceTClosenessTests
{
    private static bool Accepts(double t, params string[] classValues) =>
        new CriterionHarness(new EqualDistanceTCloseness("Disease", t), TClosenessData.Diseases).Accepts(classValues);

    [Fact]
    public void Distance_is_half_the_l1_distance_to_the_table()
    {
        var harness = new CriterionHarness(new EqualDistanceTCloseness("Disease", 1), TClosenessData.Diseases);
        var q = Global(TClosenessData.Diseases, harness);

        // {gastric ulcer, gastritis, stomach cancer} (Li et al.'s first 3-diverse class): p = ⅓ each,
        // q = 1/9, 2/9, 2/9 for them and 1/9, 2/9, 1/9 for flu, bronchitis, pneumonia:
        // ½(2/9 + 1/9 + 1/9 + 1/9 + 2/9 + 1/9) = 4/9.
        Assert.Equal(4d / 9, Distance(harness, q, "gastric ulcer", "gastritis", "stomach cancer"), 12);
        // {gastric ulcer, stomach cancer, pneumonia}: ½(2/9 + 2/9 + 1/9 + 1/9 + 2/9 + 2/9) = 5/9.
        Assert.Equal(5d / 9, Distance(harness, q, "gastric ulcer", "stomach cancer", "pneumonia"), 12);
        // The whole table is at distance 0 from itself; a single value of share 1/9 at 8/9.
        Assert.Equal(0, Distance(harness, q, TClosenessData.Diseases), 12);
        Assert.Equal(8d / 9, Distance(harness, q, "flu"), 12);
    }

    [Fact]
    public void Passes_iff_distance_at_most_t()
    {
        string[] first = ["gastric ulcer", "gastritis", "stomach cancer"];
        Assert.True(Accepts(4d / 9, first));
        Assert.True(Accepts(0.45, first));
        Assert.False(Accepts(0.44, first));
        Assert.True(Accepts(0, TClosenessData.Diseases));
        Assert.False(Accepts(0.11, "gastric ulcer", "gastritis"));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void T_outside_the_unit_interval_is_rejected(double t)
    {
        var error = Assert.Throws<InvalidOptionException>(() => new EqualDistanceTCloseness("Disease", t).Validate());
        Assert.StartsWith("equal-distance-t-closeness on 'Disease': t must be in [0, 1], got ", error.Message);
    }

    [Fact]
    public void Bounds_of_t_are_allowed_and_it_is_not_monotonic_with_suppression()
    {
        new EqualDistanceTCloseness("Disease", 0).Validate();
        new EqualDistanceTCloseness("Disease", 1).Validate();
        Assert.False(new EqualDistanceTCloseness("Disease", 0.2).IsMonotonicWithSuppression);
    }

    internal static double[] Global(string[] table, CriterionHarness harness)
    {
        var (values, counts) = harness.Histogram(table);
        var q = new double[values.Max() + 1];
        for (var i = 0; i < values.Length; i++)
        {
            q[values[i]] = counts[i] / (double)table.Length;
        }
        return q;
    }

    private static double Distance(CriterionHarness harness, double[] q, params string[] classValues)
    {
        var (values, counts) = harness.Histogram(classValues);
        return EqualDistanceTCloseness.Distance(values, counts, classValues.Length, q);
    }
}
