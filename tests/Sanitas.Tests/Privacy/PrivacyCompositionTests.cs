using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class PrivacyCompositionTests
{
    [Fact]
    public void Sequential_adds_and_parallel_takes_the_maximum()
    {
        Assert.Equal(new PureDp(0.75), PrivacyComposition.Sequential(new PureDp(0.25), new PureDp(0.5)));
        Assert.Equal(new PureDp(0.5), PrivacyComposition.Parallel(new PureDp(0.25), new PureDp(0.5)));
        Assert.Equal(new ApproximateDp(1.5, 2e-6), PrivacyComposition.Sequential(new ApproximateDp(1, 1e-6), new ApproximateDp(0.5, 1e-6)));
        Assert.Equal(new ApproximateDp(1, 3e-6), PrivacyComposition.Parallel(new ApproximateDp(1, 1e-6), new ApproximateDp(0.5, 3e-6)));
        Assert.Equal(new ZeroConcentratedDp(0.375), PrivacyComposition.Sequential(new ZeroConcentratedDp(0.125), new ZeroConcentratedDp(0.25)));
    }

    [Fact]
    public void Mixed_measures_are_refused_with_both_sides_named()
    {
        var error = Assert.Throws<ArgumentException>(() => PrivacyComposition.Sequential(new PureDp(1), new ZeroConcentratedDp(0.5)));
        Assert.Contains("PureDp", error.Message);
        Assert.Contains("ZeroConcentratedDp", error.Message);
    }

    [Fact]
    public void Costs_must_be_finite_and_non_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PureDp(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PureDp(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApproximateDp(1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroConcentratedDp(double.NaN));
        Assert.Throws<ArgumentException>(() => PrivacyComposition.Sequential());
    }
}
