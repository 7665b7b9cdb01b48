using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Models;

/// <summary>With counts sorted r₁ ≥ r₂ ≥ … ≥ rₘ, a class passes iff r₁ &lt; c·(r_l + … + rₘ) (strict), and m ≥ l.</summary>
public class RecursiveCLDiversityTests
{
    private static readonly string[] Table = ["a", "b", "c", "d"];

    private static bool Accepts(double c, int l, params (string, int)[] entries) =>
        new CriterionHarness(new RecursiveCLDiversity("s", c, l), Table).Accepts(CriterionHarness.Class(entries));

    [Theory]
    // Counts 3, 2, 1. l = 2: 3 < c·(2 + 1).
    [InlineData(1.0, 2, false)]
    [InlineData(1.01, 2, true)]
    // l = 3: 3 < c·1.
    [InlineData(3.0, 3, false)]
    [InlineData(3.5, 3, true)]
    // l = 1: 3 < c·(3 + 2 + 1).
    [InlineData(0.5, 1, false)]
    [InlineData(0.51, 1, true)]
    public void The_inequality_is_strict(double c, int l, bool expected) =>
        // Listed in no particular order: the criterion sorts.
        Assert.Equal(expected, Accepts(c, l, ("c", 1), ("a", 3), ("b", 2)));

    [Fact]
    public void Fewer_than_l_distinct_values_fail_whatever_c()
    {
        Assert.False(Accepts(100, 3, ("a", 5), ("b", 5)));
        Assert.True(Accepts(100, 2, ("a", 5), ("b", 5)));
    }

    [Fact]
    public void Ties_at_the_top_are_summed_from_the_lth_value()
    {
        // Counts 4, 4, 4, 1 and l = 3: r₁ = 4 < c·(4 + 1) iff c > 0.8.
        Assert.False(Accepts(0.8, 3, ("a", 4), ("b", 4), ("c", 4), ("d", 1)));
        Assert.True(Accepts(0.81, 3, ("a", 4), ("b", 4), ("c", 4), ("d", 1)));
    }

    [Fact]
    public void Is_not_monotonic_with_suppression()
    {
        var model = new RecursiveCLDiversity("s", 4, 5);
        Assert.False(model.IsMonotonicWithSuppression);
        Assert.Equal(5, model.MinimalClassSize);
    }

    [Fact]
    public void Invalid_parameters_are_rejected()
    {
        var error = Assert.Throws<InvalidOptionException>(() => new RecursiveCLDiversity("disease", 2, 0).Validate());
        Assert.Equal("recursive-cl-diversity on 'disease': l must be at least 1, got 0.", error.Message);
        error = Assert.Throws<InvalidOptionException>(() => new RecursiveCLDiversity("disease", 0, 2).Validate());
        Assert.Equal("recursive-cl-diversity on 'disease': c must be greater than 0, got 0.", error.Message);
        Assert.Throws<InvalidOptionException>(() => new RecursiveCLDiversity("disease", double.NaN, 2).Validate());
        Assert.Throws<InvalidOptionException>(() => new RecursiveCLDiversity("disease", -1, 2).Validate());
    }
}
