using Sanitas.Risk.Attacks;

namespace Sanitas.Tests.Risk.Attacks;

public sealed class DynamicTimeWarpingTests
{
    [Fact]
    public void Warping_absorbs_a_repeated_point()
    {
        // Classic example: the second series repeats a point, so the best path costs nothing,
        // while the lock-step Euclidean comparison is impossible (different lengths).
        Assert.Equal(0, DynamicTimeWarping.Distance([1, 2, 3], [1, 2, 2, 3], 1));
        // Hand-computed: (0-1)² + min over paths... pairs (0,1),(1,1),(2,2) cost 1 + 0 + 0.
        Assert.Equal(1, DynamicTimeWarping.Distance([0, 1, 2], [1, 1, 2], 0));
        Assert.Equal(1, DynamicTimeWarping.Distance([0, 1, 2], [1, 1, 2], 2));
    }

    [Theory]
    [InlineData(1, 30, 30, 0)]
    [InlineData(2, 30, 30, 3)]
    [InlineData(3, 40, 31, 5)]
    [InlineData(4, 25, 50, 2)]
    [InlineData(5, 60, 60, 60)]
    public void Equals_the_naive_quadratic_dynamic_programme(int seed, int n, int m, int window)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 20; trial++)
        {
            var a = RandomWalk(random, n);
            var b = RandomWalk(random, m);
            var expected = NaiveDtw(a, b, DynamicTimeWarping.EffectiveWindow(n, m, window));
            Assert.Equal(expected, DynamicTimeWarping.Distance(a, b, window), 9);
        }
    }

    [Fact]
    public void Lb_keogh_never_exceeds_dtw()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 500; trial++)
        {
            var n = random.Next(5, 60);
            var m = random.Next(5, 60);
            var window = random.Next(0, 10);
            var query = RandomWalk(random, n);
            var candidate = RandomWalk(random, m);
            var w = DynamicTimeWarping.EffectiveWindow(n, m, window);
            var upper = new double[n];
            var lower = new double[n];
            DynamicTimeWarping.Envelope(candidate, w, upper, lower);
            var lb = DynamicTimeWarping.LbKeogh(query, upper, lower);
            var dtw = DynamicTimeWarping.Distance(query, candidate, window);
            Assert.True(lb <= dtw + 1e-9, $"trial {trial}: LB_Keogh {lb} > DTW {dtw}");
        }
    }

    [Fact]
    public void Early_abandoning_returns_the_exact_distance_or_infinity()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var a = RandomWalk(random, 40);
            var b = RandomWalk(random, 40);
            var full = DynamicTimeWarping.Distance(a, b, 4);
            Assert.Equal(full, DynamicTimeWarping.Distance(a, b, 4, full));
            Assert.Equal(full, DynamicTimeWarping.Distance(a, b, 4, full * 2));
            Assert.True(double.IsPositiveInfinity(DynamicTimeWarping.Distance(a, b, 4, full * 0.5)));
        }
    }

    [Fact]
    public void Z_normalization_removes_offset_and_scale()
    {
        double[] a = [1, 3, 2, 5, 4];
        var b = a.Select(v => (1.8 * v) + 32).ToArray();
        var za = DynamicTimeWarping.ZNormalize(a);
        var zb = DynamicTimeWarping.ZNormalize(b);
        Assert.Equal(0, za.Average(), 12);
        Assert.Equal(1, Math.Sqrt(za.Select(v => v * v).Average()), 12);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(za[i], zb[i], 12);
        }
        Assert.All(DynamicTimeWarping.ZNormalize([2, 2, 2]), v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 5)]
    [InlineData(false, 8)]
    public void Pruned_search_returns_exactly_the_brute_force_nearest_neighbour(bool zNormalize, int window)
    {
        var random = new Random(window + (zNormalize ? 100 : 0));
        var references = Enumerable.Range(0, 80).Select(_ => RandomWalk(random, random.Next(30, 50))).ToList();
        references.Add((double[])references[7].Clone()); // a tie: the lower index must win
        var search = new DtwNearestNeighbourSearch(references, window, zNormalize);
        var pruned = 0L;
        for (var q = 0; q < 60; q++)
        {
            var query = q % 3 == 0
                ? references[random.Next(references.Count)].Select(v => v + (0.3 * Gaussian(random))).ToArray()
                : RandomWalk(random, random.Next(30, 50));
            var fast = search.Search(query);
            var exact = search.SearchBruteForce(query);
            Assert.Equal(exact.Index, fast.Index);
            Assert.Equal(exact.Distance, fast.Distance);
            pruned += references.Count - fast.DtwComputed;
        }
        Assert.Equal(7, search.Search(references[7]).Index);
        Assert.True(pruned > 0, "LB_Keogh pruned nothing");
    }

    internal static double[] RandomWalk(Random random, int length)
    {
        var series = new double[length];
        var v = 0.0;
        for (var i = 0; i < length; i++)
        {
            v += Gaussian(random);
            series[i] = v;
        }
        return series;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    // The textbook O(n·m) recurrence over the full matrix, cells outside the band infinite.
    private static double NaiveDtw(double[] a, double[] b, int window)
    {
        var d = new double[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            for (var j = 0; j <= b.Length; j++)
            {
                d[i, j] = double.PositiveInfinity;
            }
        }
        d[0, 0] = 0;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                if (Math.Abs(i - j) > window)
                {
                    continue;
                }
                var cost = (a[i - 1] - b[j - 1]) * (a[i - 1] - b[j - 1]);
                d[i, j] = cost + Math.Min(d[i - 1, j - 1], Math.Min(d[i - 1, j], d[i, j - 1]));
            }
        }
        return d[a.Length, b.Length];
    }
}
