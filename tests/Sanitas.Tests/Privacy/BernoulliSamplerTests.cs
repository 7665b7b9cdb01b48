using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class BernoulliSamplerTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(7, 10)]
    public void Rational_probability_frequency(int numerator, int denominator)
    {
        var random = new SeededRandomForTests(10);
        const int draws = 200_000;
        var p = (double)numerator / denominator;
        var hits = 0;
        for (var i = 0; i < draws; i++)
        {
            hits += BernoulliSampler.Sample(random, numerator, denominator) ? 1 : 0;
        }
        var se = Math.Sqrt(p * (1 - p) / draws);
        Assert.InRange((double)hits / draws, p - (4 * se), p + (4 * se));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    public void Exp_minus_gamma_frequency(int numerator, int denominator)
    {
        var random = new SeededRandomForTests(11);
        const int draws = 200_000;
        var p = Math.Exp(-(double)numerator / denominator);
        var hits = 0;
        for (var i = 0; i < draws; i++)
        {
            hits += BernoulliSampler.SampleExp(random, numerator, denominator) ? 1 : 0;
        }
        var se = Math.Sqrt(p * (1 - p) / draws);
        Assert.InRange((double)hits / draws, p - (4 * se), p + (4 * se));
    }

    [Fact]
    public void Edge_probabilities_and_invalid_input()
    {
        var random = new SeededRandomForTests(12);
        Assert.True(BernoulliSampler.SampleExp(random, 0, 1));
        Assert.False(BernoulliSampler.Sample(random, 0, 5));
        Assert.True(BernoulliSampler.Sample(random, 5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BernoulliSampler.Sample(random, 6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BernoulliSampler.SampleExp(random, -1, 5));
    }
}
