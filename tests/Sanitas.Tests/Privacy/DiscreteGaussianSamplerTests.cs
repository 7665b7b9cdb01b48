using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class DiscreteGaussianSamplerTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(9, 1)]
    public void Matches_the_exact_pmf_mean_and_variance(int sigmaSquaredNumerator, int sigmaSquaredDenominator)
    {
        var random = new SeededRandomForTests(30);
        const int draws = 200_000;
        var sigmaSquared = (double)sigmaSquaredNumerator / sigmaSquaredDenominator;
        var support = (int)Math.Ceiling(Math.Sqrt(sigmaSquared) * 12) + 2;
        var counts = new long[(2 * support) + 1];
        var values = new double[draws];
        for (var i = 0; i < draws; i++)
        {
            var y = (int)DiscreteGaussianSampler.Sample(random, sigmaSquaredNumerator, sigmaSquaredDenominator);
            values[i] = y;
            counts[Math.Clamp(y, -support, support) + support]++;
        }
        var weights = new double[counts.Length];
        for (var y = -support; y <= support; y++)
        {
            weights[y + support] = Math.Exp(-(double)y * y / (2 * sigmaSquared));
        }
        var total = weights.Sum();
        var pmf = weights.Select(w => w / total).ToArray();
        Statistics.AssertFits(counts, pmf, draws);

        var variance = pmf.Select((p, i) => p * (i - support) * (double)(i - support)).Sum();
        var (mean, observedVariance) = Statistics.Moments(values);
        Assert.InRange(mean, -5 * Math.Sqrt(variance / draws), 5 * Math.Sqrt(variance / draws));
        Assert.InRange(observedVariance / variance, 0.97, 1.03);
    }

    [Fact]
    public void Integer_square_root_is_exact()
    {
        foreach (var n in new BigInteger[] { 0, 1, 2, 3, 4, 15, 16, 17, BigInteger.Pow(10, 40), BigInteger.Pow(10, 40) - 1 })
        {
            var r = DiscreteGaussianSampler.IntegerSqrt(n);
            Assert.True(r * r <= n && (r + 1) * (r + 1) > n, $"isqrt({n}) = {r}");
        }
    }
}
