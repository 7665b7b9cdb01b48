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

    [Fact]
    public void UtilityLoss_is_the_utility_theorem_bound_and_holds_empirically()
    {
        // Dwork & Roth 2014, Thm 3.11: P[u(M) ≤ OPT − (2Δu/ε)(ln n + t)] ≤ e^{−t}; n = 100, ε = 1, Δu = 1, t = ln 20.
        var mechanism = new ExponentialMechanism(1, 1);
        Assert.Equal(2 * (Math.Log(100) + Math.Log(20)), mechanism.UtilityLoss(100), 12);
        Assert.Equal(15.2, mechanism.UtilityLoss(100), 1);
        // 100 candidates with utilities 0, −1, ..., −99: the loss exceeds the bound in at most 5% of 2,000 draws.
        var utilities = Enumerable.Range(0, 100).Select(i => -(double)i).ToArray();
        var random = new SeededRandomForTests(31);
        var exceeded = Enumerable.Range(0, 2000).Count(_ => -utilities[mechanism.Release(utilities, random)] > mechanism.UtilityLoss(100));
        Assert.True(exceeded <= 100, $"{exceeded} of 2000 beyond the 95% bound");
        Assert.Throws<ArgumentOutOfRangeException>(() => mechanism.UtilityLoss(0));
    }
}
