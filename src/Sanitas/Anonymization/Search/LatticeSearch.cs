namespace Sanitas.Anonymization;

/// <summary>
/// Finds the transformation with the least information loss among those that satisfy the
/// privacy models, over the full generalization lattice. Follows the ideas of Flash
/// (Kohlmayer, Prasser, Eckert, Kemper and Kuhn 2012, "Flash: efficient, stable and optimal
/// k-anonymity"): nodes are visited bottom-up, level by level (within a level, those whose
/// generalization removes the fewest distinct values first); from each unclassified node a path
/// is walked upwards through such least-merging successors and binary-searched; a satisfying node tags all its successors,
/// a failing node all its predecessors (predictive tagging, valid for monotonic models), and
/// every check rolls up the cached classes of a node below instead of rescanning the rows.
/// A monotonic metric lets the search skip every node whose loss bound is not below the best
/// solution found so far. Non-monotonic models (with suppression) are checked node by node,
/// in order of the metric's lower bound.
/// </summary>
internal sealed class LatticeSearch
{
    private const byte Unknown = 0;
    private const byte Anonymous = 1;
    private const byte NotAnonymous = 2;
    private const byte TaggedAnonymous = 3;
    private const byte TaggedNotAnonymous = 4;

    private readonly Lattice _lattice;
    private readonly NodeEvaluator _evaluator;
    private readonly MetricEvaluator _metric;
    private readonly bool _monotonicModels;
    private readonly bool _practical;
    private readonly bool _withSuppression;
    private readonly IProgress<SearchProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private byte[] _state;
    private double[] _distinctLoss = [];
    private readonly int[][] _distinctCounts;
    private double[] _bound;
    private readonly bool _hasBound;
    private long _classified;
    private long _bestId = -1;
    private double _bestLoss = double.PositiveInfinity;
    private NodeEvaluation? _bestEvaluation;

    public LatticeSearch(Lattice lattice, NodeEvaluator evaluator, MetricEvaluator metric, bool monotonicModels, bool withSuppression, bool practicalMonotonicity, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        _distinctCounts = evaluator.DistinctCounts;
        _lattice = lattice;
        _evaluator = evaluator;
        _metric = metric;
        _monotonicModels = monotonicModels;
        _practical = practicalMonotonicity;
        _withSuppression = withSuppression;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _hasBound = metric.LowerBound(new int[lattice.Dimensions]) is not null;
        _state = [];
        _bound = [];
    }

    private void Allocate()
    {
        // Flash's "distinct" criterion (Kohlmayer et al. 2012): the share of distinct values a node's
        // generalization removes. Visiting and walking up through the nodes that merge least keeps the
        // classes of checked nodes fine-grained, so later checks roll up from closer snapshots.
        _distinctLoss = new double[_lattice.Size];
        var levels = new int[_lattice.Dimensions];
        for (var id = 0; id < _distinctLoss.Length; id++)
        {
            _lattice.Decode(id, levels);
            double distinct = 0;
            for (var q = 0; q < levels.Length; q++)
            {
                distinct += (double)_distinctCounts[q][levels[q]] / _distinctCounts[q][0];
            }
            _distinctLoss[id] = 1 - distinct / levels.Length;
        }
        _state = new byte[_lattice.Size];
        _bound = new double[_lattice.Size];
        var node = new int[_lattice.Dimensions];
        for (var id = 0; id < _bound.Length && _hasBound; id++)
        {
            _lattice.Decode(id, node);
            _bound[id] = _metric.LowerBound(node)!.Value;
        }
    }

    public (long NodeId, double Loss, NodeEvaluation Evaluation)? Run()
    {
        Allocate();
        var metricMonotonic = _metric.IsMonotonic(_withSuppression) || _practical;
        if (_monotonicModels)
        {
            Flash(metricMonotonic && _hasBound);
            if (!metricMonotonic)
            {
                ScoreAllAnonymous();
            }
        }
        else
        {
            CheckAll(metricMonotonic && _hasBound);
        }
        Report(force: true);
        return _bestId < 0 ? null : (_bestId, _bestLoss, _bestEvaluation!);
    }

    public int NodesChecked => _evaluator.Checks;

    /// <summary>
    /// A greedy top-down search for lattices too large to search fully: start at the most general
    /// node and repeatedly step to the predecessor with the least loss that still satisfies the
    /// models, until none does or the time is up. The result satisfies the models; it is a local
    /// optimum, not necessarily the global one.
    /// </summary>
    public (long NodeId, double Loss, NodeEvaluation Evaluation)? RunHeuristic(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var top = _lattice.IdOf(_lattice.MaxLevels);
        var current = _evaluator.Evaluate(top, full: true, _cancellationToken);
        if (!current.IsAnonymous)
        {
            return null;
        }
        Consider(top, current);
        var position = top;
        var visited = new HashSet<long>();
        while (DateTime.UtcNow < deadline)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var bestNext = -1L;
            var bestNextLoss = double.PositiveInfinity;
            foreach (var p in _lattice.Predecessors(position))
            {
                if (!visited.Add(p) || DateTime.UtcNow >= deadline)
                {
                    continue;
                }
                var evaluation = _evaluator.Evaluate(p, full: true, _cancellationToken);
                if (!evaluation.IsAnonymous)
                {
                    continue;
                }
                var loss = _metric.Loss(_lattice.Decode(p), evaluation.Snapshot, evaluation.Failing!);
                if (loss < bestNextLoss)
                {
                    bestNextLoss = loss;
                    bestNext = p;
                }
                Report(force: false);
            }
            if (bestNext < 0)
            {
                break;
            }
            Consider(bestNext, _evaluator.Evaluate(bestNext, full: true, _cancellationToken));
            position = bestNext;
        }
        _classified = _lattice.Size;
        Report(force: true);
        return (_bestId, _bestLoss, _bestEvaluation!);
    }

    private void Flash(bool pruneByBound)
    {
        var byHeight = Enumerable.Range(0, _lattice.MaxHeight + 1).Select(_ => new List<int>()).ToArray();
        for (var id = 0; id < _state.Length; id++)
        {
            byHeight[_lattice.HeightOf(id)].Add(id);
        }
        foreach (var level in byHeight)
        {
            level.Sort((a, b) => _distinctLoss[a] != _distinctLoss[b] ? _distinctLoss[a].CompareTo(_distinctLoss[b]) : a.CompareTo(b));
            foreach (var start in level)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (_state[start] != Unknown || (pruneByBound && _bound[start] > _bestLoss))
                {
                    continue;
                }
                var path = BuildPath(start, pruneByBound);
                BinarySearch(path);
            }
        }
    }

    private List<int> BuildPath(int start, bool pruneByBound)
    {
        var path = new List<int> { start };
        var current = start;
        while (true)
        {
            var next = -1;
            foreach (int successor in _lattice.Successors(current))
            {
                if (_state[successor] != Unknown || (pruneByBound && _bound[successor] > _bestLoss))
                {
                    continue;
                }
                if (next < 0 || _distinctLoss[successor] < _distinctLoss[next])
                {
                    next = successor;
                }
            }
            if (next < 0)
            {
                return path;
            }
            path.Add(next);
            current = next;
        }
    }

    private void BinarySearch(List<int> path)
    {
        var low = 0;
        var high = path.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            var id = path[mid];
            if (_state[id] != Unknown)
            {
                // Tagged meanwhile by a check further along this path.
                if (_state[id] is Anonymous or TaggedAnonymous)
                {
                    high = mid - 1;
                }
                else
                {
                    low = mid + 1;
                }
                continue;
            }
            var evaluation = _evaluator.Evaluate(id, full: false, _cancellationToken);
            if (evaluation.IsAnonymous)
            {
                _state[id] = Anonymous;
                _classified++;
                Consider(id, evaluation);
                TagUp(id);
                high = mid - 1;
            }
            else
            {
                _state[id] = NotAnonymous;
                _classified++;
                TagDown(id);
                low = mid + 1;
            }
            Report(force: false);
        }
    }

    private void TagUp(int id)
    {
        var stack = new Stack<int>();
        stack.Push(id);
        while (stack.Count > 0)
        {
            foreach (int s in _lattice.Successors(stack.Pop()))
            {
                if (_state[s] == Unknown)
                {
                    _state[s] = TaggedAnonymous;
                    _classified++;
                    stack.Push(s);
                }
            }
        }
    }

    private void TagDown(int id)
    {
        var stack = new Stack<int>();
        stack.Push(id);
        while (stack.Count > 0)
        {
            foreach (int p in _lattice.Predecessors(stack.Pop()))
            {
                if (_state[p] == Unknown)
                {
                    _state[p] = TaggedNotAnonymous;
                    _classified++;
                    stack.Push(p);
                }
            }
        }
    }

    private void Consider(long id, NodeEvaluation evaluation)
    {
        if (evaluation.Failing is null)
        {
            evaluation = _evaluator.Check(id, evaluation.Snapshot, full: true);
        }
        var loss = _metric.Loss(_lattice.Decode(id), evaluation.Snapshot, evaluation.Failing!);
        // As ARX: lower loss wins; on a tie the lower node (sum of levels), then the one found first.
        if (_bestId < 0 || loss < _bestLoss || (loss == _bestLoss && _lattice.HeightOf(id) < _lattice.HeightOf(_bestId)))
        {
            _bestLoss = loss;
            _bestId = id;
            _bestEvaluation = evaluation;
        }
    }

    /// <summary>A non-monotonic metric may be lowest at a tagged node: score every satisfying node not pruned by the bound.</summary>
    private void ScoreAllAnonymous()
    {
        var candidates = Enumerable.Range(0, _state.Length).Where(id => _state[id] == TaggedAnonymous).ToList();
        if (_hasBound)
        {
            candidates.Sort((a, b) => _bound[a].CompareTo(_bound[b]));
        }
        foreach (var id in candidates)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_hasBound && _bound[id] > _bestLoss)
            {
                break;
            }
            var evaluation = _evaluator.Evaluate(id, full: true, _cancellationToken);
            Consider(id, evaluation);
            Report(force: false);
        }
    }

    /// <summary>Without monotonic models, every node is checked, cheapest bound first; a monotonic metric stops the scan early.</summary>
    private void CheckAll(bool stopAtBound)
    {
        var order = Enumerable.Range(0, _state.Length).ToList();
        if (_hasBound)
        {
            order.Sort((a, b) => _bound[a] != _bound[b] ? _bound[a].CompareTo(_bound[b]) : a.CompareTo(b));
        }
        else
        {
            order.Sort((a, b) => _lattice.HeightOf(a) != _lattice.HeightOf(b) ? _lattice.HeightOf(a).CompareTo(_lattice.HeightOf(b)) : a.CompareTo(b));
        }
        foreach (var id in order)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_hasBound && _bound[id] > _bestLoss)
            {
                if (stopAtBound)
                {
                    break;
                }
                continue;
            }
            var evaluation = _evaluator.Evaluate(id, full: false, _cancellationToken);
            _state[id] = evaluation.IsAnonymous ? Anonymous : NotAnonymous;
            _classified++;
            if (evaluation.IsAnonymous)
            {
                Consider(id, evaluation);
            }
            Report(force: false);
        }
        _classified = _state.Length;
    }

    private long _lastReport;

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
            _progress.Report(new SearchProgress(force ? _lattice.Size : _classified, _lattice.Size, _evaluator.Checks));
        }
    }
}
