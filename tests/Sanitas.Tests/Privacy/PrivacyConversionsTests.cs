using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class PrivacyConversionsTests
{
    [Fact]
    public void Bun_Steinke_conversion_matches_the_formula()
    {
        // ρ = 0.5, δ = 1e-5: ε = 0.5 + 2√(0.5 ln 1e5) ≈ 5.2985 (Bun & Steinke 2016, Proposition 1.3).
        var result = PrivacyConversions.ToApproximateDpBunSteinke(new ZeroConcentratedDp(0.5), 1e-5);
        Assert.Equal(0.5 + (2 * Math.Sqrt(0.5 * Math.Log(1e5))), result.Epsilon, 12);
        Assert.Equal(5.2985, result.Epsilon, 4);
        Assert.Equal(1e-5, result.Delta);
    }

    [Theory]
    [InlineData(0.5, 1e-5)]
    [InlineData(0.01, 1e-6)]
    [InlineData(2.0, 1e-9)]
    public void Tight_conversion_is_valid_and_no_looser_than_Bun_Steinke(double rho, double delta)
    {
        var cost = new ZeroConcentratedDp(rho);
        var tight = PrivacyConversions.ToApproximateDp(cost, delta);
        var simple = PrivacyConversions.ToApproximateDpBunSteinke(cost, delta);
        Assert.True(tight.Epsilon < simple.Epsilon, $"{tight} should be tighter than {simple}");
        Assert.True(PrivacyConversions.DeltaForEpsilon(cost, tight.Epsilon) <= delta);
        // Only just: a slightly smaller ε no longer reaches δ.
        Assert.True(PrivacyConversions.DeltaForEpsilon(cost, tight.Epsilon * (1 - 1e-6)) > delta);
    }

    [Fact]
    public void Tight_delta_is_bounded_by_the_Bun_Steinke_tail_bound()
    {
        // Corollary 13 is at most exp(−(ε − ρ)² / (4ρ)), the bound behind Proposition 1.3.
        var cost = new ZeroConcentratedDp(0.5);
        foreach (var epsilon in new[] { 1.0, 2.0, 4.0, 8.0 })
        {
            var bound = Math.Exp(-((epsilon - 0.5) * (epsilon - 0.5)) / 2.0);
            Assert.True(PrivacyConversions.DeltaForEpsilon(cost, epsilon) <= bound);
        }
    }

    [Fact]
    public void Pure_to_zero_concentrated_is_half_epsilon_squared()
    {
        Assert.Equal(new ZeroConcentratedDp(0.5), PrivacyConversions.ToZeroConcentrated(new PureDp(1)));
        Assert.Equal(0.02, PrivacyConversions.ToZeroConcentrated(new PureDp(0.2)).Rho, 15);
        Assert.Equal(new ApproximateDp(0.7, 0), PrivacyConversions.ToApproximateDp(new PureDp(0.7)));
    }

    [Fact]
    public void Invalid_delta_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PrivacyConversions.ToApproximateDp(new ZeroConcentratedDp(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrivacyConversions.ToApproximateDpBunSteinke(new ZeroConcentratedDp(1), 1.5));
    }
}
