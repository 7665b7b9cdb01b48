namespace Sanitas.Anonymization.TimeSeries;

/// <summary>
/// k-anonymous traces by greedy k-member clustering (Byun, Kamra, Bertino &amp; Li 2007, "Efficient
/// k-anonymization using clustering techniques", DASFAA, LNCS 4443; the trace setting is that of
/// (k, P)-anonymity, Shou, Shang, Chen, Chen &amp; Li 2013, "Supporting pattern-preserving anonymization
/// for time-series data", IEEE TKDE 25(4), without its pattern level): start from the record
/// furthest from the previous cluster's seed, grow the cluster to k members by least increase of
/// information loss, and put the fewer than k left over into the clusters whose loss grows least.
/// Information loss is the within-group sum of squared Euclidean distances to the centroid (Ward's
/// increase |c|/(|c|+1)·‖s − μ‖²), on traces of equal length. Every released trace is the centroid of
/// ≥ k persons. Bounded distortion: a group whose distortion (largest member RMSE per point against
/// the released trace) exceeds the declared limit is suppressed, not released, so the reported bound
/// (the largest released group's distortion) never exceeds the limit.
/// </summary>
internal static class KMemberTraceClustering
{
    /// <summary>Clusters <paramref name="traces"/> (equal length) into groups of at least <paramref name="k"/>.</summary>
    /// <param name="traces">The traces the groups are formed and released on (e.g. windowed).</param>
    /// <param name="originals">The same persons' original traces, the distortion is measured against.</param>
    /// <param name="window">Points of an original per released point.</param>
    /// <param name="k">The least group size.</param>
    /// <param name="maxDistortion">Suppress groups over this RMSE per point (null: none).</param>
    /// <param name="progress">Share of persons placed.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The released groups and the suppressed ones.</returns>
    public static (IReadOnlyList<TraceGroup> Released, IReadOnlyList<TraceGroup> Suppressed) Cluster(double[][] traces, double[][] originals, int window, int k, double? maxDistortion,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(traces.Length, k);
        var n = traces.Length;
        var left = new List<int>(Enumerable.Range(0, n));
        var groups = new List<(List<int> Members, double[] Sum)>();
        var seed = 0;
        while (left.Count >= k)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The record furthest from the previous seed starts the next cluster.
            var far = left.MaxBy(i => Distance(traces[i], traces[seed]));
            seed = far;
            left.Remove(far);
            var members = new List<int> { far };
            var sum = (double[])traces[far].Clone();
            while (members.Count < k)
            {
                var best = -1;
                var bestCost = double.PositiveInfinity;
                foreach (var s in left)
                {
                    var cost = Increase(traces[s], sum, members.Count);
                    if (cost < bestCost)
                    {
                        (best, bestCost) = (s, cost);
                    }
                }
                left.Remove(best);
                Add(members, sum, best, traces[best]);
            }
            groups.Add((members, sum));
            progress?.Report((double)(n - left.Count) / n);
        }
        foreach (var s in left)
        {
            var g = Enumerable.Range(0, groups.Count).MinBy(g => Increase(traces[s], groups[g].Sum, groups[g].Members.Count));
            Add(groups[g].Members, groups[g].Sum, s, traces[s]);
        }
        progress?.Report(1);
        var released = new List<TraceGroup>();
        var suppressed = new List<TraceGroup>();
        foreach (var (members, sum) in groups)
        {
            var centroid = sum.Select(v => v / members.Count).ToArray();
            var distortion = members.Max(m => Rmse(originals[m], centroid, window));
            var group = new TraceGroup([.. members.Order()], centroid, distortion);
            (maxDistortion is { } limit && distortion > limit ? suppressed : released).Add(group);
        }
        return (released, suppressed);
    }

    /// <summary>RMSE per point between <paramref name="original"/> and <paramref name="released"/> stretched back to its length (each point takes its window's value).</summary>
    public static double Rmse(ReadOnlySpan<double> original, ReadOnlySpan<double> released, int window)
    {
        var sum = 0.0;
        for (var j = 0; j < original.Length; j++)
        {
            var d = original[j] - released[Math.Min(j / window, released.Length - 1)];
            sum += d * d;
        }
        return Math.Sqrt(sum / original.Length);
    }

    private static void Add(List<int> members, double[] sum, int index, double[] trace)
    {
        members.Add(index);
        for (var j = 0; j < sum.Length; j++)
        {
            sum[j] += trace[j];
        }
    }

    // Ward's increase of the within-group sum of squares when s joins a group of `count` with this sum.
    private static double Increase(double[] s, double[] sum, int count)
    {
        var d = 0.0;
        for (var j = 0; j < s.Length; j++)
        {
            var e = s[j] - (sum[j] / count);
            d += e * e;
        }
        return d * count / (count + 1);
    }

    private static double Distance(double[] a, double[] b)
    {
        var d = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            var e = a[j] - b[j];
            d += e * e;
        }
        return d;
    }
}
