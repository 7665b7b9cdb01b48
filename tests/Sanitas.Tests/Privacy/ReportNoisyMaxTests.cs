using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class ReportNoisyMaxTests
{
    [Fact]
    public void Frequencies_match_the_permute_and_flip_distribution()
    {
        var mechanism = new ReportNoisyMax(utilitySensitivity: 1, epsilon: 2);
        double[] scores = [3, 2, 0.5];
        var weights = scores.Select(s => Math.Exp(2 * (s - 3) / 2)).ToArray();
        // Exact: average over the 6 orders of Π(1 − w before) · w.
        var expected = new double[3];
        int[][] orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        foreach (var order in orders)
        {
            var notYet = 1.0;
            foreach (var i in order)
            {
                expected[i] += notYet * weights[i] / 6;
                notYet *= 1 - weights[i];
            }
        }
        Assert.Equal(1, expected.Sum(), 12);
        var random = new SeededRandomForTests(90);
        const int draws = 100_000;
        var counts = new long[3];
        for (var i = 0; i < draws; i++)
        {
            counts[mechanism.Release(scores, random)]++;
        }
        Statistics.AssertFits(counts, expected, draws);
        Assert.Equal(new PureDp(2), mechanism.Cost);
        Assert.False(mechanism.Check(2, new PureDp(2)));
    }

    [Fact]
    public void Favours_the_best_at_least_as_much_as_the_exponential_mechanism()
    {
        double[] scores = [10, 9, 9, 9, 8];
        var random = new SeededRandomForTests(91);
        const int draws = 20_000;
        int best = 0, bestExp = 0;
        var rnm = new ReportNoisyMax(1, 1);
        var em = new ExponentialMechanism(1, 1);
        for (var i = 0; i < draws; i++)
        {
            best += rnm.Release(scores, random) == 0 ? 1 : 0;
            bestExp += em.Release(scores, random) == 0 ? 1 : 0;
        }
        Assert.True(best > bestExp, $"{best} vs {bestExp}");
    }
}
