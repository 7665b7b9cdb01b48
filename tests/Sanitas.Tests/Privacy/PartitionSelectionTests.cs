#pragma warning disable SAN0002 // the test bounds contributions itself
using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class PartitionSelectionTests
{
    [Fact]
    public void Threshold_follows_the_derivation()
    {
        var selection = new PartitionSelection(epsilon: 1, delta: 1e-5, maxPartitionsContributed: 1);
        var q = Math.Exp(-1.0);
        Assert.Equal(1 + (long)Math.Ceiling(Math.Log(1 / (1e-5 * (1 + q)))), selection.Threshold);
        Assert.Equal(13, selection.Threshold);
        // The continuous-Laplace threshold 1 + (Δ₀/ε) ln(1/(2δ)) is close.
        Assert.InRange(selection.Threshold - (1 + Math.Log(1 / 2e-5)), 0, 1.5);
        Assert.Equal(new ApproximateDp(1, 1e-5), selection.Cost);
    }

    [Fact]
    public void A_key_held_by_one_unit_survives_with_probability_at_most_delta_over_delta0()
    {
        var selection = new PartitionSelection(epsilon: 1, delta: 0.2, maxPartitionsContributed: 2);
        var q = Math.Exp(-1 / selection.Scale);
        var exact = Math.Pow(q, selection.Threshold - 1) / (1 + q);
        Assert.True(exact <= 0.2 / 2);
        const int keys = 50_000;
        var counts = Enumerable.Range(0, keys).ToDictionary(i => i, _ => 1L);
        counts[-1] = 1_000;
        var kept = selection.Select(counts, new SeededRandomForTests(110));
        Assert.Contains(-1, kept);
        var rate = (kept.Count - 1) / (double)keys;
        var se = Math.Sqrt(exact * (1 - exact) / keys);
        Assert.InRange(rate, exact - (4 * se), exact + (4 * se));
    }

    [Fact]
    public void Kept_keys_come_back_in_random_order()
    {
        var selection = new PartitionSelection(epsilon: 1, delta: 1e-6, maxPartitionsContributed: 1);
        var counts = Enumerable.Range(0, 50).ToDictionary(i => i, _ => 10_000L);
        var kept = selection.Select(counts, new SeededRandomForTests(111));
        Assert.Equal(50, kept.Count);
        Assert.NotEqual(Enumerable.Range(0, 50), kept);
    }

    [Fact]
    public void SelectBounded_counts_each_unit_in_at_most_delta0_keys()
    {
        // 100 units each contribute to keys 0, 1 and 2 (and repeat them); with Δ₀ = 2 only their first
        // two keys count, so key 2 has no units and can never be kept, while 0 and 1 (100 each) always are.
        var selection = new PartitionSelection(epsilon: 1, delta: 1e-6, maxPartitionsContributed: 2);
        var contributions = Enumerable.Range(0, 100).SelectMany(u => new[] { (u, 2), (u, 0), (u, 1), (u, 0) }).ToList();
        for (var seed = 0; seed < 50; seed++)
        {
            var kept = selection.SelectBounded(contributions, EqualityComparer<int>.Default, Comparer<int>.Default, new SeededRandomForTests((ulong)seed));
            Assert.Equal([0, 1], kept.Order());
        }
    }
}
