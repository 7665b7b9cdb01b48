#pragma warning disable SAN0001 // testing the experimental analytic calibration
using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class GaussianMechanismTests
{
    /// <summary>
    /// An independent δ(σ) for Balle &amp; Wang's Theorem 8 with the normal tail by Simpson's rule
    /// instead of erfc.
    /// </summary>
    private static double IndependentDelta(double sigma, double sensitivity, double epsilon)
    {
        var a = sensitivity / (2 * sigma);
        var b = epsilon * sigma / sensitivity;
        return UpperTail(b - a) - (Math.Exp(epsilon) * UpperTail(a + b));
    }

    private static double UpperTail(double x)
    {
        if (x < 0)
        {
            return 1 - UpperTail(-x);
        }
        const int n = 20_000;
        var h = 14.0 / n;
        double Phi(double t) => Math.Exp(-t * t / 2) / Math.Sqrt(2 * Math.PI);
        var sum = Phi(x) + Phi(x + 14);
        for (var i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * Phi(x + (i * h));
        }
        return sum * h / 3;
    }

    private static double IndependentSigma(double sensitivity, double epsilon, double delta)
    {
        double lo = 0.01, hi = 100;
        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            if (IndependentDelta(mid, sensitivity, epsilon) <= delta)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }
        return hi;
    }

    [Fact]
    public void Analytic_sigma_for_epsilon_1_delta_1e5_matches_an_independent_bisection_and_beats_the_classic_bound()
    {
        var expected = IndependentSigma(1, 1, 1e-5);
        var mechanism = new GaussianMechanism(sensitivity: 1, epsilon: 1, delta: 1e-5);
        Assert.Equal(expected, mechanism.Sigma, 1e-6 * expected);
        Assert.InRange(expected, 3.72, 3.74);
        var classic = Math.Sqrt(2 * Math.Log(1.25 / 1e-5));
        Assert.Equal(4.8448, classic, 4);
        Assert.True(mechanism.Sigma < classic);
        Assert.True(mechanism.Cost.Delta <= 1e-5);
        Assert.True(mechanism.Check(1, new ApproximateDp(1, 1e-5)));
        Assert.False(mechanism.Check(1.5, new ApproximateDp(1, 1e-5)));
        Assert.Equal(1, mechanism.Cost.Epsilon);
    }

    [Theory]
    [InlineData(0.5, 1e-6)]
    [InlineData(3.0, 1e-3)]
    public void Analytic_sigma_agrees_across_parameters(double epsilon, double delta)
    {
        var expected = IndependentSigma(1, epsilon, delta);
        Assert.Equal(expected, new GaussianMechanism(1, epsilon, delta).Sigma, 1e-6 * expected);
    }

    [Fact]
    public void Erfc_matches_reference_values()
    {
        // Abramowitz & Stegun Table 7.1 and high-precision reference values.
        Assert.Equal(0.4795001221869535, NormalDistribution.Erfc(0.5), 1e-15);
        Assert.Equal(0.004677734981047266, NormalDistribution.Erfc(2), 1e-13 * 0.004677734981047266);
        Assert.Equal(1.5374597944280349e-12, NormalDistribution.Erfc(5), 1e-13 * 1.5374597944280349e-12);
        Assert.Equal(0.975, NormalDistribution.Cdf(1.959963984540054), 12);
    }

    [Fact]
    public void Release_has_variance_sigma_squared_and_zcdp_cost()
    {
        var mechanism = new GaussianMechanism(sensitivity: 1, epsilon: 1, delta: 1e-5);
        var random = new SeededRandomForTests(60);
        const int draws = 20_000;
        var noise = new double[draws];
        for (var i = 0; i < draws; i++)
        {
            noise[i] = mechanism.Release(-7.25, random) + 7.25;
        }
        var (mean, variance) = Statistics.Moments(noise);
        var sigma = mechanism.Sigma;
        Assert.InRange(mean, -5 * sigma / Math.Sqrt(draws), 5 * sigma / Math.Sqrt(draws));
        Assert.InRange(variance / (sigma * sigma), 0.96, 1.04);
        Assert.Equal(1 / (2 * sigma * sigma), mechanism.ZeroConcentratedCost(1).Rho, 1e-8);
        Assert.Equal(1.959964 * sigma, mechanism.ConfidenceHalfWidth(), 1e-5);
    }
}
