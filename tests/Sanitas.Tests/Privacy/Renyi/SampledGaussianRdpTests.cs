using Sanitas.Privacy.Renyi;

namespace Sanitas.Tests.Privacy.Renyi;

public class SampledGaussianRdpTests
{
    [Fact]
    public void Reproduces_TensorFlow_Privacy_rdp_sequence()
    {
        // tensorflow_privacy rdp_accountant_test.py (test_compute_rdp_sequence): q = 0.01, σ = 2.5, 50 steps.
        double[] orders = [1.5, 2.5, 5, 50, 100];
        double[] expected = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
        var curve = SampledGaussianRdp.Compute(0.01, 2.5, 50, orders);
        for (var i = 0; i < orders.Length; i++)
        {
            Assert.True(Math.Abs(curve.Epsilons[i] - expected[i]) <= 1e-5, $"α = {orders[i]}: {curve.Epsilons[i]} vs {expected[i]}");
        }
        Assert.Equal(double.PositiveInfinity, SampledGaussianRdp.Epsilon(0.01, 2.5, double.PositiveInfinity));
    }

    [Fact]
    public void Reproduces_TensorFlow_Privacy_rdp_scalar()
    {
        // tensorflow_privacy rdp_accountant_test.py (test_compute_rdp_scalar): q = 0.1, σ = 2, 10 steps, α = 5 → 0.07737.
        Assert.Equal(0.07737, SampledGaussianRdp.Epsilon(0.1, 2, 5) * 10, 5);
    }

    [Theory]
    [InlineData(20.0, 10.0)]
    [InlineData(2.5, 1.0)]
    [InlineData(7.0, 0.5)]
    public void Without_sampling_it_is_the_Gaussian_mechanism(double order, double sigma)
    {
        // Mironov 2017, Proposition 7: the Gaussian mechanism of sensitivity 1 is (α, α/(2σ²))-RDP.
        Assert.Equal(order / (2 * sigma * sigma), SampledGaussianRdp.Epsilon(1, sigma, order), 15);
        Assert.Equal(0, SampledGaussianRdp.Epsilon(0, sigma, order));
    }

    [Theory]
    [InlineData(0.01, 1.0)]
    [InlineData(0.04, 1.5)]
    [InlineData(0.3, 0.7)]
    public void Fractional_series_meets_the_integer_expansion(double q, double sigma)
    {
        // Two independent computations (Mironov, Talwar & Zhang 2019, Sections 3.3 and 3.4) agree at the
        // integers, and ε(α) is non-decreasing in α (Mironov 2017, Proposition 9).
        foreach (var n in new[] { 2, 3, 5, 8, 16, 32 })
        {
            var integer = SampledGaussianRdp.Epsilon(q, sigma, n);
            var below = SampledGaussianRdp.Epsilon(q, sigma, n - 1e-7);
            var above = SampledGaussianRdp.Epsilon(q, sigma, n + 1e-7);
            Assert.True(Math.Abs(integer - below) <= 1e-5 * integer, $"α = {n}: {below} vs {integer}");
            Assert.True(Math.Abs(integer - above) <= 1e-5 * integer, $"α = {n}: {above} vs {integer}");
        }
        var previous = 0.0;
        foreach (var order in RenyiOrders.Default)
        {
            var epsilon = SampledGaussianRdp.Epsilon(q, sigma, order);
            Assert.True(epsilon >= previous * (1 - 1e-9), $"ε({order}) = {epsilon} < {previous}");
            previous = epsilon;
        }
    }

    [Fact]
    public void Subsampling_costs_less_than_the_full_Gaussian()
    {
        foreach (var order in RenyiOrders.Default)
        {
            Assert.True(SampledGaussianRdp.Epsilon(0.05, 1.0, order) < SampledGaussianRdp.Epsilon(1, 1.0, order));
        }
    }

    [Fact]
    public void Invalid_parameters_are_named()
    {
        Assert.Equal("samplingRate", Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Epsilon(1.5, 1, 2)).ParamName);
        Assert.Equal("noiseMultiplier", Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Epsilon(0.5, 0, 2)).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Epsilon(0.5, 1, 1)).ParamName);
    }
}
