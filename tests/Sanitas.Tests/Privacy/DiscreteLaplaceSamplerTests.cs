using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class DiscreteLaplaceSamplerTests
{
    [Theory]
    [InlineData(3, 2)]
    [InlineData(5, 1)]
    public void Matches_the_exact_pmf_mean_and_variance(int scaleNumerator, int scaleDenominator)
    {
        var random = new SeededRandomForTests(20);
        const int draws = 200_000;
        var scale = (double)scaleNumerator / scaleDenominator;
        var q = Math.Exp(-1 / scale);
        var support = (int)Math.Ceiling(scale * 40);
        var counts = new long[(2 * support) + 1];
        var values = new double[draws];
        for (var i = 0; i < draws; i++)
        {
            var y = (int)DiscreteLaplaceSampler.Sample(random, scaleNumerator, scaleDenominator);
            values[i] = y;
            counts[Math.Clamp(y, -support, support) + support]++;
        }
        // P(Y = y) = (1 − q)/(1 + q) · q^|y|, the normalising constant of CKS 2020, Definition 1.
        var pmf = new double[counts.Length];
        for (var y = -support; y <= support; y++)
        {
            pmf[y + support] = (1 - q) / (1 + q) * Math.Pow(q, Math.Abs(y));
        }
        Statistics.AssertFits(counts, pmf, draws);

        var variance = 2 * q / ((1 - q) * (1 - q));
        var (mean, observedVariance) = Statistics.Moments(values);
        Assert.InRange(mean, -5 * Math.Sqrt(variance / draws), 5 * Math.Sqrt(variance / draws));
        Assert.InRange(observedVariance / variance, 0.97, 1.03);
    }

    [Fact]
    public void Refuses_a_non_positive_scale()
    {
        var random = new SeededRandomForTests(21);
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteLaplaceSampler.Sample(random, 0, 1));
    }
}
