using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class DiscreteGaussianMechanismTests
{
    [Fact]
    public void Calibrated_from_rho()
    {
        var mechanism = new DiscreteGaussianMechanism(sensitivity: 1, rho: 0.5);
        Assert.Equal(1, mechanism.Sigma, 15);
        Assert.Equal(new ZeroConcentratedDp(0.5), mechanism.Cost);
        Assert.Equal(new ZeroConcentratedDp(2), mechanism.Map(2));
        Assert.True(mechanism.Check(1, new ZeroConcentratedDp(0.5)));
        Assert.False(mechanism.Check(2, new ZeroConcentratedDp(1.9)));
        Assert.Equal(2, mechanism.ConfidenceHalfWidth());
    }

    [Fact]
    public void Release_is_centred_with_variance_near_sigma_squared()
    {
        var mechanism = new DiscreteGaussianMechanism(sensitivity: 3, rho: 0.125);
        var random = new SeededRandomForTests(70);
        const int draws = 20_000;
        var values = new double[draws];
        for (var i = 0; i < draws; i++)
        {
            values[i] = mechanism.Release(42, random) - 42;
        }
        var (mean, variance) = Statistics.Moments(values);
        Assert.Equal(36, mechanism.Sigma * mechanism.Sigma, 10);
        Assert.InRange(mean, -5 * 6 / Math.Sqrt(draws), 5 * 6 / Math.Sqrt(draws));
        Assert.InRange(variance / 36, 0.96, 1.04);
    }
}
