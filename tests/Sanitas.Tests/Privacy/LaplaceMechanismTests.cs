using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class LaplaceMechanismTests
{
    [Fact]
    public void Release_follows_the_Laplace_distribution_by_Kolmogorov_Smirnov()
    {
        var mechanism = new LaplaceMechanism(sensitivity: 2, epsilon: 0.5);
        var random = new SeededRandomForTests(40);
        const int draws = 20_000;
        var noise = new double[draws];
        for (var i = 0; i < draws; i++)
        {
            noise[i] = mechanism.Release(10, random) - 10;
        }
        Array.Sort(noise);
        var b = mechanism.Scale;
        var d = 0.0;
        for (var i = 0; i < draws; i++)
        {
            var x = noise[i];
            var cdf = x < 0 ? 0.5 * Math.Exp(x / b) : 1 - (0.5 * Math.Exp(-x / b));
            d = Math.Max(d, Math.Max(Math.Abs(cdf - ((double)i / draws)), Math.Abs(cdf - ((i + 1.0) / draws))));
        }
        Assert.True(d < 1.949 / Math.Sqrt(draws), $"KS distance {d}");
    }

    [Fact]
    public void Scale_and_cost_are_calibrated_with_the_rounding_step()
    {
        var mechanism = new LaplaceMechanism(sensitivity: 1, epsilon: 1);
        var grid = Math.ScaleB(1, mechanism.GridExponent);
        Assert.True(grid <= mechanism.Scale * Math.ScaleB(1, -30));
        Assert.Equal(1 + grid, mechanism.Scale, 15);
        Assert.Equal(new PureDp(1), mechanism.Cost);
        Assert.True(mechanism.Check(1, new PureDp(1)));
        Assert.False(mechanism.Check(1.01, new PureDp(1)));
        Assert.True(mechanism.Map(2).Epsilon > 1.99 && mechanism.Map(2).Epsilon < 2);
    }

    [Fact]
    public void Confidence_interval_is_b_ln_20_and_covers_95_percent()
    {
        var mechanism = new LaplaceMechanism(sensitivity: 1, epsilon: 0.1);
        Assert.Equal(mechanism.Scale * Math.Log(20), mechanism.ConfidenceHalfWidth(), 3);
        var random = new SeededRandomForTests(41);
        var halfWidth = mechanism.ConfidenceHalfWidth();
        var inside = 0;
        const int draws = 10_000;
        for (var i = 0; i < draws; i++)
        {
            inside += Math.Abs(mechanism.Release(3.3, random) - 3.3) <= halfWidth ? 1 : 0;
        }
        Assert.InRange((double)inside / draws, 0.94, 0.96);
    }

    [Fact]
    public void Refuses_bad_parameters_and_unbounded_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaplaceMechanism(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaplaceMechanism(1, double.PositiveInfinity));
        var mechanism = new LaplaceMechanism(1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => mechanism.Release(double.NaN, new SeededRandomForTests(1)));
    }
}
