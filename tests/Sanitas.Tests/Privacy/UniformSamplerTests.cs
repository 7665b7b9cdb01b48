using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class UniformSamplerTests
{
    [Fact]
    public void Below_is_uniform_for_a_bound_that_is_not_a_power_of_two()
    {
        var random = new SeededRandomForTests(1);
        const int n = 7;
        const int draws = 70_000;
        var counts = new long[n];
        for (var i = 0; i < draws; i++)
        {
            counts[UniformSampler.Below(random, (ulong)n)]++;
        }
        Statistics.AssertFits(counts, Enumerable.Repeat(1.0 / n, n).ToArray(), draws);
    }

    [Fact]
    public void Big_bounds_stay_in_range_and_cover_the_top()
    {
        var random = new SeededRandomForTests(2);
        var n = (BigInteger.One << 70) + 3;
        var sawTopHalf = false;
        for (var i = 0; i < 2_000; i++)
        {
            var x = UniformSampler.Below(random, n);
            Assert.InRange(x, BigInteger.Zero, n - 1);
            sawTopHalf |= x > n / 2;
        }
        Assert.True(sawTopHalf);
    }

    [Fact]
    public void A_bound_of_one_gives_zero_and_zero_is_refused()
    {
        var random = new SeededRandomForTests(3);
        Assert.Equal(0UL, UniformSampler.Below(random, 1UL));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniformSampler.Below(random, 0UL));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniformSampler.Below(random, BigInteger.Zero));
    }
}
