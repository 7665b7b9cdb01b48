using System.Diagnostics;

namespace Sanitas.Anonymization;

/// <summary>
/// Lightning (Prasser, Bild, Eicher, Spengler, Kohlmayer &amp; Kuhn 2016, "Lightning: Utility-Driven
/// Anonymization of High-Dimensional Data", Transactions on Data Privacy 9(2)): a best-first search
/// for lattices too large to search fully. Starting at the bottom, it repeatedly expands the checked
/// node with the least information loss, checking all its successors; every h-th expansion (h the
/// height of the lattice) it instead dives greedily upwards through the least-loss successor until
/// it finds nothing new, so that a first solution is found early. A node whose loss lower bound is
/// not below the best solution found is pruned. It stops when the time budget or the check limit is
/// spent, or when nothing is left to expand, in which case the result is optimal.
/// </summary>
internal sealed class LightningSearch
{
    private readonly Lattice _lattice;
    private readonly NodeEvaluator _evaluator;
    private readonly MetricEvaluator _metric;
    private readonly IProgress<SearchProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<long, double> _loss = [];
    private readonly HashSet<long> _expanded = [];
    private readonly PriorityQueue<long, (double Loss, long Id)> _queue = new();
    private Stopwatch _watch = new();
    private TimeSpan _limit;
    private int _checkLimit;
    private long _lastReport;

    public LightningSearch(Lattice lattice, NodeEvaluator evaluator, MetricEvaluator metric, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        _lattice = lattice;
        _evaluator = evaluator;
        _metric = metric;
        _progress = progress;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Whether the last run expanded everything it did not prune (its result is then optimal).</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Nodes checked against the data.</summary>
    public int NodesChecked { get; private set; }

    public long BestId { get; private set; } = -1;

    public double BestLoss { get; private set; } = double.PositiveInfinity;

    public NodeEvaluation? BestEvaluation { get; private set; }

    /// <summary>Runs the search.</summary>
    /// <param name="limit">The time budget.</param>
    /// <param name="checkLimit">The most nodes to check (a budget independent of the machine's speed).</param>
    /// <returns>The best satisfying node found, or null when none satisfies the models.</returns>
    public (long NodeId, double Loss, NodeEvaluation Evaluation)? Run(TimeSpan limit, int checkLimit = int.MaxValue)
    {
        _limit = limit;
        _checkLimit = checkLimit;
        _watch = Stopwatch.StartNew();
        var bottom = 0L;
        Check(bottom);
        _queue.Enqueue(bottom, (_loss[bottom], bottom));
        var stepping = Math.Max(1, _lattice.MaxHeight);
        var step = 0;
        Exhausted = true;
        while (_queue.TryDequeue(out var id, out _))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (Prune(id))
            {
                continue;
            }
            step++;
            if (step % stepping == 0)
            {
                Dive(id);
            }
            else
            {
                Expand(id);
            }
            if (MustStop())
            {
                Exhausted = false;
                break;
            }
        }
        if (BestId < 0)
        {
            // Out of time before any solution: the top node is the last resort (if it fails, nothing satisfies).
            var top = _lattice.IdOf(_lattice.MaxLevels);
            var evaluation = _evaluator.Evaluate(top, full: true, _cancellationToken);
            NodesChecked++;
            if (evaluation.IsAnonymous)
            {
                Consider(top, evaluation);
            }
        }
        Report(force: true);
        return BestId < 0 ? null : (BestId, BestLoss, BestEvaluation!);
    }

    private bool MustStop() => _watch.Elapsed >= _limit || NodesChecked >= _checkLimit;

    private bool Prune(long id)
    {
        if (_expanded.Contains(id))
        {
            return true;
        }
        if (BestId >= 0 && _metric.LowerBound(_lattice.Decode(id)) is { } bound && bound >= BestLoss && id != BestId)
        {
            _expanded.Add(id);
            return true;
        }
        return false;
    }

    private void Dive(long id)
    {
        while (!MustStop())
        {
            var next = Expand(id);
            if (next < 0)
            {
                return;
            }
            id = next;
        }
    }

    /// <summary>Checks every successor not yet expanded, queues them, and returns the one with the least loss (or −1).</summary>
    private long Expand(long id)
    {
        var best = -1L;
        foreach (var successor in _lattice.Successors(id))
        {
            if (_expanded.Contains(successor))
            {
                continue;
            }
            if (!_loss.ContainsKey(successor))
            {
                Check(successor);
                _queue.Enqueue(successor, (_loss[successor], successor));
            }
            if (best < 0 || _loss[successor] < _loss[best])
            {
                best = successor;
            }
            if (MustStop())
            {
                break;
            }
        }
        _expanded.Add(id);
        return best;
    }

    private void Check(long id)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var evaluation = _evaluator.Evaluate(id, full: true, _cancellationToken);
        NodesChecked++;
        var loss = _metric.Loss(_lattice.Decode(id), evaluation.Snapshot, evaluation.Failing!);
        _loss[id] = loss;
        if (evaluation.IsAnonymous)
        {
            Consider(id, evaluation, loss);
        }
        Report(force: false);
    }

    private void Consider(long id, NodeEvaluation evaluation, double? known = null)
    {
        var loss = known ?? _metric.Loss(_lattice.Decode(id), evaluation.Snapshot, evaluation.Failing!);
        if (BestId < 0 || loss < BestLoss || (loss == BestLoss && _lattice.HeightOf(id) < _lattice.HeightOf(BestId)))
        {
            BestId = id;
            BestLoss = loss;
            BestEvaluation = evaluation;
        }
    }

    private void Report(bool force)
    {
        if (_progress is null)
        {
            return;
        }
        var now = Environment.TickCount64;
        if (force || now - _lastReport >= 100)
        {
            _lastReport = now;
            var timeShare = _limit.TotalMilliseconds <= 0 ? 1 : _watch.Elapsed.TotalMilliseconds / _limit.TotalMilliseconds;
            var share = force ? 1 : Math.Min(1, Math.Max(timeShare, (double)NodesChecked / _checkLimit));
            _progress.Report(new SearchProgress((long)(share * _lattice.Size), _lattice.Size, _evaluator.Checks));
        }
    }
}
