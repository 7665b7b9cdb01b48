using MathNet.Numerics.Distributions;
using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.DifferentialPrivacy;

/// <summary>
/// β and k from (ε_anon, δ) as in SafePub (Bild, Kuhn &amp; Prasser 2018, Section 3) and Li, Qardaji &amp;
/// Su 2012, Theorem 5, checked against an independent evaluation of δ(k) by MathNet's binomial CDF
/// over a long range of n (no Chernoff stopping rule).
/// </summary>
public sealed class SafePubParametersTests
{
    /// <summary>δ(k) = max over n ≥ ⌈k/γ − 1⌉ of P(Bin(n, β) &gt; γn), the maximum taken over the next 3,000 values of n.</summary>
    private static double IndependentDelta(int k, double epsilon, double beta)
    {
        var gamma = (Math.Exp(epsilon) - 1 + beta) / Math.Exp(epsilon);
        var start = Math.Max(1, (int)Math.Ceiling(k / gamma - 1));
        var max = 0.0;
        for (var n = start; n < start + 3000; n++)
        {
            max = Math.Max(max, 1 - Binomial.CDF(beta, n, Math.Floor(gamma * n)));
        }
        return max;
    }

    [Theory]
    [InlineData(0.5, 1e-5)]
    [InlineData(0.9, 1e-5)]
    [InlineData(1.0, 1e-6)]
    [InlineData(2.0, 1e-5)]
    [InlineData(1.5, 1e-4)]
    public void K_is_the_least_threshold_whose_delta_is_within_the_target(double epsilon, double delta)
    {
        var p = SafePubParameters.Derive(epsilon, delta);
        Assert.InRange(1 - Math.Exp(-epsilon) - p.Beta, 0, Math.Pow(2, -32));
        Assert.True(IndependentDelta(p.K, epsilon, p.Beta) <= delta * (1 + 1e-9), $"δ({p.K}) exceeds {delta}");
        Assert.True(IndependentDelta(p.K - 1, epsilon, p.Beta) > delta, $"k = {p.K - 1} would already reach δ = {delta}");
        Assert.True(p.AchievedDelta <= delta);
    }

    [Fact]
    public void Known_values_for_the_documented_settings()
    {
        // The numbers docs/anonymization.md quotes (ε = 1 split 0.9 / 0.1, δ = 1e-5). ARX's ParameterCalculation
        // returns one more than the least k (its loop increments after the test): 59.
        var p = SafePubParameters.Derive(0.9, 1e-5);
        Assert.Equal(58, p.K);
        Assert.Equal(0.5934, p.Beta, 4);
    }

    [Fact]
    public void Smaller_delta_needs_a_larger_k_and_larger_epsilon_samples_more()
    {
        // β = 1 − e^(−ε) grows with ε, and a larger sample needs a larger k for the same δ.
        Assert.True(SafePubParameters.Derive(1, 1e-7).K > SafePubParameters.Derive(1, 1e-5).K);
        Assert.True(SafePubParameters.Derive(2, 1e-5).Beta > SafePubParameters.Derive(1, 1e-5).Beta);
        Assert.True(SafePubParameters.Derive(2, 1e-5).K > SafePubParameters.Derive(1, 1e-5).K);
    }

    [Theory]
    [InlineData(0, 1e-5)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    public void Out_of_range_parameters_are_refused(double epsilon, double delta) =>
        Assert.Throws<InvalidOptionException>(() => SafePubParameters.Derive(epsilon, delta));
}
