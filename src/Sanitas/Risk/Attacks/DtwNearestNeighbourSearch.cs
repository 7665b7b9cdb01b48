namespace Sanitas.Risk.Attacks;

/// <summary>
/// Exact 1-nearest-neighbour search under DTW with a Sakoe-Chiba band over a fixed set of
/// reference series, pruned as in the UCR suite (Rakthanmanon et al. 2012): references are
/// visited in increasing LB_Keogh (Keogh &amp; Ratanamahatana 2005), a reference whose lower bound
/// exceeds the best distance so far is skipped, and DTW abandons early. Because LB_Keogh never
/// exceeds DTW, the answer is exactly the brute-force nearest neighbour (<see cref="SearchBruteForce"/>),
/// ties going to the lowest index.
/// </summary>
public sealed class DtwNearestNeighbourSearch
{
    private readonly double[][] _references;
    private readonly double[][] _upper;
    private readonly double[][] _lower;

    /// <summary>Prepares the references (z-normalized when asked) and their envelopes.</summary>
    /// <param name="references">The reference series, each non-empty.</param>
    /// <param name="window">The Sakoe-Chiba band half-width, in points.</param>
    /// <param name="zNormalize">Z-normalize references and queries first (see <see cref="DynamicTimeWarping.ZNormalize"/>).</param>
    /// <exception cref="ArgumentException">There are no references or one is empty.</exception>
    public DtwNearestNeighbourSearch(IReadOnlyList<double[]> references, int window, bool zNormalize)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        if (references.Count == 0)
        {
            throw new ArgumentException("The search needs at least one reference series.", nameof(references));
        }
        Window = window;
        ZNormalize = zNormalize;
        _references = new double[references.Count][];
        _upper = new double[references.Count][];
        _lower = new double[references.Count][];
        for (var r = 0; r < references.Count; r++)
        {
            var series = references[r];
            if (series is null || series.Length == 0)
            {
                throw new ArgumentException($"Reference series {r} is empty.", nameof(references));
            }
            _references[r] = zNormalize ? DynamicTimeWarping.ZNormalize(series) : (double[])series.Clone();
            _upper[r] = new double[series.Length + window];
            _lower[r] = new double[series.Length + window];
            DynamicTimeWarping.Envelope(_references[r], window, _upper[r], _lower[r]);
        }
    }

    /// <summary>The band half-width.</summary>
    public int Window { get; }

    /// <summary>Whether series are z-normalized before comparing.</summary>
    public bool ZNormalize { get; }

    /// <summary>The number of references.</summary>
    public int Count => _references.Length;

    /// <summary>The nearest reference to <paramref name="query"/>, with LB_Keogh pruning and early abandoning.</summary>
    public DtwNeighbour Search(ReadOnlySpan<double> query)
    {
        var q = Prepare(query);
        var bounds = new (double Bound, int Index)[_references.Length];
        for (var r = 0; r < _references.Length; r++)
        {
            bounds[r] = (LowerBound(q, r), r);
        }
        Array.Sort(bounds);
        var best = double.PositiveInfinity;
        var bestIndex = -1;
        var computed = 0;
        foreach (var (bound, r) in bounds)
        {
            if (bound > best)
            {
                break;
            }
            computed++;
            var d = DynamicTimeWarping.Distance(q, _references[r], Window, best);
            if (d < best || (d == best && r < bestIndex))
            {
                best = d;
                bestIndex = r;
            }
        }
        return new DtwNeighbour(bestIndex, best, computed);
    }

    /// <summary>The nearest reference by computing every DTW in full: the reference answer for <see cref="Search"/>.</summary>
    public DtwNeighbour SearchBruteForce(ReadOnlySpan<double> query)
    {
        var q = Prepare(query);
        var best = double.PositiveInfinity;
        var bestIndex = -1;
        for (var r = 0; r < _references.Length; r++)
        {
            var d = DynamicTimeWarping.Distance(q, _references[r], Window);
            if (d < best)
            {
                best = d;
                bestIndex = r;
            }
        }
        return new DtwNeighbour(bestIndex, best, _references.Length);
    }

    private double[] Prepare(ReadOnlySpan<double> query)
    {
        if (query.IsEmpty)
        {
            throw new ArgumentException("The query series is empty.", nameof(query));
        }
        return ZNormalize ? DynamicTimeWarping.ZNormalize(query) : query.ToArray();
    }

    private double LowerBound(double[] query, int r)
    {
        var reference = _references[r];
        var w = DynamicTimeWarping.EffectiveWindow(query.Length, reference.Length, Window);
        if (w == Window && query.Length <= _upper[r].Length)
        {
            return DynamicTimeWarping.LbKeogh(query, _upper[r], _lower[r]);
        }
        // The lengths differ by more than the band: DTW widens it, so must the envelope.
        var upper = new double[query.Length];
        var lower = new double[query.Length];
        DynamicTimeWarping.Envelope(reference, w, upper, lower);
        return DynamicTimeWarping.LbKeogh(query, upper, lower);
    }
}
