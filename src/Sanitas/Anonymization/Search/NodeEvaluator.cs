namespace Sanitas.Anonymization;

/// <summary>
/// Checks transformations: rolls up the closest cached snapshot below a node, then tests
/// every class against the privacy models and counts the records that must be suppressed.
/// </summary>
internal sealed class NodeEvaluator
{
    private readonly IReadOnlyList<QuasiIdentifierEncoding> _qis;
    private readonly ClassCriterion[] _criteria;
    private readonly int _minimalClassSize;
    private readonly Lattice _lattice;
    private readonly Snapshot _rows;
    private readonly List<(long Id, Snapshot Snapshot, long Stamp)> _cache = [];
    private readonly long _cacheBudget;
    private long _cacheFootprint;
    private long _clock;
    private readonly GroupingBuffers _buffers = new();
    private Snapshot? _bottom;

    /// <summary>The scratch buffers of this evaluator's roll-ups.</summary>
    public GroupingBuffers Buffers => _buffers;

    public NodeEvaluator(Lattice lattice, IReadOnlyList<QuasiIdentifierEncoding> qis, IReadOnlyList<int[]> sensitiveCodes, ClassCriterion[] criteria, int minimalClassSize, int maxOutliers, int rowCount, long cacheBudgetInts = 64_000_000, int[]? multiplicities = null)
    {
        _lattice = lattice;
        _qis = qis;
        _criteria = criteria;
        _minimalClassSize = minimalClassSize;
        MaxOutliers = maxOutliers;
        _rows = Grouper.Rows(qis, sensitiveCodes, rowCount, multiplicities);
        _cacheBudget = cacheBudgetInts;
    }

    public int MaxOutliers { get; }

    /// <summary>[q][level]: how many distinct generalized values quasi-identifier q has at each level.</summary>
    public int[][] DistinctCounts => _qis.Select(q => q.LevelValues.Select(v => Math.Max(1, v.Length)).ToArray()).ToArray();

    /// <summary>The snapshot of the raw rows (each row its own class).</summary>
    public Snapshot Rows => _rows;

    public long GroupTicks { get; set; }

    public long CheckTicks { get; set; }

    /// <summary>How many nodes were checked (rolled up and tested).</summary>
    public int Checks { get; private set; }

    /// <summary>How many source classes all roll-ups together have read (a measure of work).</summary>
    public long RolledUpClasses { get; private set; }

    public NodeEvaluation Evaluate(long id, bool full, CancellationToken cancellationToken = default)
    {
        Checks++;
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = GroupNode(id, cancellationToken);
        var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        var r = Check(id, snapshot, full);
        GroupTicks += t1 - t0;
        CheckTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t1;
        return r;
    }

    /// <summary>The equivalence classes of a node, from the cache or by roll-up.</summary>
    public Snapshot GroupNode(long id, CancellationToken cancellationToken = default)
    {
        var node = _lattice.Decode(id);
        _bottom ??= Grouper.RollUp(_rows, new int[node.Length], _qis, _buffers, null, cancellationToken);
        Snapshot source = _bottom;
        var bestIndex = -1;
        for (var i = 0; i < _cache.Count; i++)
        {
            var candidate = _cache[i].Snapshot;
            if (candidate.Count < source.Count && Lattice.LessOrEqual(candidate.Node, node))
            {
                source = candidate;
                bestIndex = i;
            }
        }
        if (bestIndex >= 0)
        {
            _cache[bestIndex] = (_cache[bestIndex].Id, source, ++_clock);
        }
        if (source.Node.AsSpan().SequenceEqual(node))
        {
            return source;
        }
        RolledUpClasses += source.Count;
        var snapshot = Grouper.RollUp(source, node, _qis, _buffers, null, cancellationToken);
        Remember(id, snapshot);
        return snapshot;
    }

    private void Remember(long id, Snapshot snapshot)
    {
        var footprint = snapshot.Footprint;
        if (footprint > _cacheBudget / 4)
        {
            return;
        }
        while (_cacheFootprint + footprint > _cacheBudget || _cache.Count >= 4096)
        {
            var oldest = 0;
            for (var i = 1; i < _cache.Count; i++)
            {
                if (_cache[i].Stamp < _cache[oldest].Stamp)
                {
                    oldest = i;
                }
            }
            _cacheFootprint -= _cache[oldest].Snapshot.Footprint;
            _cache.RemoveAt(oldest);
        }
        _cache.Add((id, snapshot, ++_clock));
        _cacheFootprint += footprint;
    }

    /// <summary>Tests every class; with <paramref name="full"/> false, stops as soon as the suppression limit is exceeded.</summary>
    public NodeEvaluation Check(long id, Snapshot snapshot, bool full)
    {
        var failing = new bool[snapshot.Count];
        var suppressed = 0;
        var sizes = snapshot.Sizes;
        for (var c = 0; c < snapshot.Count; c++)
        {
            var size = sizes[c];
            var ok = size >= _minimalClassSize;
            if (ok)
            {
                foreach (var criterion in _criteria)
                {
                    ReadOnlySpan<int> values = default;
                    ReadOnlySpan<int> counts = default;
                    if (criterion.SensitiveIndex >= 0)
                    {
                        var h = snapshot.Histograms[criterion.SensitiveIndex];
                        var start = h.Offsets[c];
                        var length = h.Offsets[c + 1] - start;
                        values = h.Values.AsSpan(start, length);
                        counts = h.Counts.AsSpan(start, length);
                    }
                    if (!criterion.IsSatisfied(size, values, counts))
                    {
                        ok = false;
                        break;
                    }
                }
            }
            if (!ok)
            {
                failing[c] = true;
                suppressed += size;
                if (!full && suppressed > MaxOutliers)
                {
                    return new NodeEvaluation(id, false, suppressed, snapshot, null);
                }
            }
        }
        return new NodeEvaluation(id, suppressed <= MaxOutliers, suppressed, snapshot, failing);
    }
}
