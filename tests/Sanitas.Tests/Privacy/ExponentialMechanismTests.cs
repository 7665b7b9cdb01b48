using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class ExponentialMechanismTests
{
    [Fact]
    public void Selection_frequencies_match_exp_epsilon_u_over_two_delta()
    {
        var mechanism = new ExponentialMechanism(utilitySensitivity: 1, epsilon: 1);
        double[] utilities = [0, 1, 2, 3, 2.5];
        var random = new SeededRandomForTests(80);
        const int draws = 100_000;
        var counts = new long[utilities.Length];
        for (var i = 0; i < draws; i++)
        {
            counts[mechanism.Release(utilities, random)]++;
        }
        var weights = utilities.Select(u => Math.Exp(u / 2)).ToArray();
        Statistics.AssertFits(counts, weights.Select(w => w / weights.Sum()).ToArray(), draws);
    }

    [Fact]
    public void Cost_and_invalid_utilities()
    {
        var mechanism = new ExponentialMechanism(utilitySensitivity: 2, epsilon: 0.5);
        Assert.Equal(new PureDp(0.5), mechanism.Cost);
        Assert.Equal(new PureDp(1), mechanism.Map(4));
        Assert.True(mechanism.Check(2, new PureDp(0.5)));
        Assert.False(mechanism.Check(2, new PureDp(0.4)));
        var random = new SeededRandomForTests(81);
        Assert.Throws<ArgumentException>(() => mechanism.Release([], random));
        Assert.Throws<ArgumentOutOfRangeException>(() => mechanism.Release([1, double.NaN], random));
        Assert.Equal(0, mechanism.Release([5], random));
    }
}
