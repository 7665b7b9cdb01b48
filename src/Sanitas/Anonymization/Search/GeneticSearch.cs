using System.Diagnostics;

namespace Sanitas.Anonymization;

/// <summary>
/// A genetic algorithm over generalization vectors, after Iyengar (2002, "Transforming data to satisfy privacy
/// constraints", KDD), in the form of ARX 3.9's genetic search: a population of transformations (one level per
/// quasi-identifier) evolves by elitism (the best fifth survives unchanged), uniform crossover of parents chosen
/// by binary tournament, mutation (each level moved one step up or down with probability 1/d) and immigration
/// (a tenth of every generation is drawn at random). Fitness is lexicographic: a transformation that satisfies
/// the models beats one that does not; among satisfying ones the lower information loss wins, among failing ones
/// the one suppressing fewer records. It stops after the generations, the time budget or the check limit and
/// returns the best satisfying transformation seen; it never proves optimality. The random choices come from a
/// fixed-seed generator, so a run repeats exactly (they pick which transformations to try, not released values).
/// </summary>
internal sealed class GeneticSearch
{
    /// <summary>Individuals per generation.</summary>
    public const int PopulationSize = 50;

    /// <summary>Generations without a time or check limit hit.</summary>
    public const int DefaultGenerations = 100;

    private const double EliteShare = 0.2;
    private const double ImmigrantShare = 0.1;

    private readonly Lattice _lattice;
    private readonly NodeEvaluator _evaluator;
    private readonly MetricEvaluator _metric;
    private readonly IProgress<SearchProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<long, (bool Anonymous, double Score)> _fitness = [];
    private readonly Random _random;
    private Stopwatch _watch = new();
    private long _lastReport;

    /// <param name="lattice">The generalization lattice.</param>
    /// <param name="evaluator">Checks a transformation against the models.</param>
    /// <param name="metric">The information loss to minimize.</param>
    /// <param name="progress">Receives search progress (about every 100 ms).</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <param name="seed">Seeds the choices of transformations to try (not a release: any seed gives a satisfying result).</param>
    public GeneticSearch(Lattice lattice, NodeEvaluator evaluator, MetricEvaluator metric, IProgress<SearchProgress>? progress, CancellationToken cancellationToken, int seed = 20261207)
    {
        _lattice = lattice;
        _evaluator = evaluator;
        _metric = metric;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _random = new Random(seed);
    }

    /// <summary>Nodes checked against the data.</summary>
    public int NodesChecked { get; private set; }

    /// <summary>Generations completed by the last run.</summary>
    public int Generations { get; private set; }

    private long _bestId = -1;
    private double _bestLoss = double.PositiveInfinity;
    private NodeEvaluation? _bestEvaluation;

    /// <summary>Runs the search.</summary>
    /// <param name="limit">The time budget.</param>
    /// <param name="checkLimit">The most nodes to check.</param>
    /// <param name="generations">The most generations.</param>
    /// <returns>The best satisfying node found, or null when none (not even the top node) satisfies the models.</returns>
    public (long NodeId, double Loss, NodeEvaluation Evaluation)? Run(TimeSpan limit, int checkLimit = int.MaxValue, int generations = DefaultGenerations)
    {
        _watch = Stopwatch.StartNew();
        bool MustStop() => _watch.Elapsed >= limit || NodesChecked >= checkLimit;
        var d = _lattice.Dimensions;
        var population = new List<long> { _lattice.IdOf(_lattice.MinLevels), _lattice.IdOf(_lattice.MaxLevels) };
        while (population.Count < PopulationSize && population.Count < _lattice.Size)
        {
            population.Add(RandomNode());
        }
        foreach (var id in population)
        {
            if (MustStop())
            {
                break;
            }
            Fitness(id);
        }
        var node = new int[d];
        var other = new int[d];
        for (Generations = 0; Generations < generations && !MustStop(); Generations++)
        {
            population = [.. population.Where(_fitness.ContainsKey).Distinct().OrderBy(Key)];
            var next = population.Take(Math.Max(1, (int)(PopulationSize * EliteShare))).ToList();
            var immigrants = (int)(PopulationSize * ImmigrantShare);
            while (next.Count < PopulationSize - immigrants && !MustStop())
            {
                _lattice.Decode(Tournament(population), node);
                _lattice.Decode(Tournament(population), other);
                for (var q = 0; q < d; q++)
                {
                    if (_random.Next(2) == 0)
                    {
                        node[q] = other[q];
                    }
                    if (_random.NextDouble() < 1.0 / d)
                    {
                        node[q] = Math.Clamp(node[q] + (_random.Next(2) == 0 ? -1 : 1), _lattice.MinLevels[q], _lattice.MaxLevels[q]);
                    }
                }
                var child = _lattice.IdOf(node);
                Fitness(child);
                next.Add(child);
            }
            while (next.Count < PopulationSize && !MustStop())
            {
                var immigrant = RandomNode();
                Fitness(immigrant);
                next.Add(immigrant);
            }
            population = next;
            Report(Generations + 1, generations, limit, checkLimit, force: false);
        }
        if (_bestId < 0)
        {
            // Nothing satisfying seen within the budget: the top node is the last resort (if it fails, nothing satisfies).
            var top = _lattice.IdOf(_lattice.MaxLevels);
            if (!_fitness.ContainsKey(top))
            {
                Fitness(top);
            }
        }
        Report(generations, generations, limit, checkLimit, force: true);
        return _bestId < 0 ? null : (_bestId, _bestLoss, _bestEvaluation!);
    }

    private (int, double) Key(long id) => _fitness[id] is var f && f.Anonymous ? (0, f.Score) : (1, f.Score);

    private long Tournament(List<long> population)
    {
        var a = population[_random.Next(population.Count)];
        var b = population[_random.Next(population.Count)];
        return Key(a).CompareTo(Key(b)) <= 0 ? a : b;
    }

    private long RandomNode()
    {
        var node = new int[_lattice.Dimensions];
        for (var q = 0; q < node.Length; q++)
        {
            node[q] = _random.Next(_lattice.MinLevels[q], _lattice.MaxLevels[q] + 1);
        }
        return _lattice.IdOf(node);
    }

    private void Fitness(long id)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_fitness.ContainsKey(id))
        {
            return;
        }
        var evaluation = _evaluator.Evaluate(id, full: true, _cancellationToken);
        NodesChecked++;
        var levels = _lattice.Decode(id);
        if (evaluation.IsAnonymous)
        {
            var loss = _metric.Loss(levels, evaluation.Snapshot, evaluation.Failing!);
            _fitness[id] = (true, loss);
            if (_bestId < 0 || loss < _bestLoss || (loss == _bestLoss && _lattice.HeightOf(id) < _lattice.HeightOf(_bestId)))
            {
                (_bestId, _bestLoss, _bestEvaluation) = (id, loss, evaluation);
            }
        }
        else
        {
            _fitness[id] = (false, evaluation.SuppressedRecords);
        }
    }

    private void Report(int generation, int generations, TimeSpan limit, int checkLimit, bool force)
    {
        if (_progress is null)
        {
            return;
        }
        var now = Environment.TickCount64;
        if (force || now - _lastReport >= 100)
        {
            _lastReport = now;
            var timeShare = limit.TotalMilliseconds <= 0 ? 1 : _watch.Elapsed.TotalMilliseconds / limit.TotalMilliseconds;
            var share = force ? 1 : Math.Min(1, Math.Max(Math.Max(timeShare, (double)NodesChecked / checkLimit), (double)generation / generations));
            _progress.Report(new SearchProgress((long)(share * _lattice.Size), _lattice.Size, _evaluator.Checks));
        }
    }
}
