using System.Globalization;
using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// AIM (McKenna, Mullins, Sheldon &amp; Miklau 2022, "AIM: An Adaptive and Iterative Mechanism for
/// Differentially Private Synthetic Data", PVLDB 15(11), Algorithm 1 and its reference code): the
/// workload is every k-way marginal (k = <see cref="SynthesisOptions.WorkloadDegree"/>); candidates
/// are its downward closure, each weighted by its overlap with the workload. All 1-way marginals
/// are measured first; then each round selects, with the exponential mechanism (ε²/8-zCDP), the
/// candidate whose current model estimate is worst relative to the noise expected from measuring
/// it, w_r(‖x_r − x̂_r‖₁ − √(2/π) σ n_r), among those that keep the model under its size limit
/// (growing with the budget spent), measures it with Gaussian noise (1/(2σ²)-zCDP) and refits the
/// model warm-started. Budget annealing: σ halves and ε doubles when a measurement barely changed
/// the model; the last round uses exactly the budget left. Starting split: 90% measurement, 10%
/// selection over T = 16d rounds.
/// </summary>
internal static class AimSynthesizer
{
    public static SynthesisOutput Run(EncodedTable data, IReadOnlyList<string> names, double rho, SynthesisOptions options,
        IRandomBits random, IProgress<double>? progress, CancellationToken ct)
    {
        var d = data.Width;
        var sizes = data.Sizes;
        var steps = new List<SynthesisStep>();
        var rounds = options.Rounds ?? (16 * d);
        var workload = Subsets(d, Math.Min(options.WorkloadDegree, d)).ToList();
        var maxCells = options.MaxModelSizeMegabytes * 1024 * 1024 / 8;
        // A candidate larger than the whole model's size limit is never selectable (the size filter below only tightens it),
        // so it is left out before its histogram is counted: 3-way cliques of 10,000-cell columns overflowed there.
        var kept = Closure(workload).Where(c => Cells(sizes, c) <= maxCells).ToList();
        var weights = Weights(workload, kept, d);
        var candidates = new Dictionary<int[], double>(new CliqueComparer());
        for (var i = 0; i < kept.Count; i++)
        {
            candidates.Add(kept[i], weights[i]);
        }
        var answers = candidates.Keys.ToDictionary(c => c, c => data.Histogram(c), new CliqueComparer());
        var sigma = Math.Sqrt(rounds / (2 * 0.9 * rho));
        var epsilon = Math.Sqrt(8 * 0.1 * rho / rounds);
        var measurements = new List<Measurement>();
        var used = 0.0;
        for (var a = 0; a < d; a++)
        {
            var rhoOne = 1 / (2 * sigma * sigma);
            var m = NoisyMarginals.Measure(data, [a], rhoOne, random);
            measurements.Add(m);
            used += rhoOne;
            steps.Add(new SynthesisStep("measure", [names[a]], rhoOne, m.Sigma, 0));
        }
        var model = MarginalEstimator.Estimate(sizes, measurements, options.RoundIterations, ct: ct);
        var terminate = false;
        var round = 0;
        while (!terminate)
        {
            ct.ThrowIfCancellationRequested();
            if (rho - used < 2 * ((1 / (2 * sigma * sigma)) + (epsilon * epsilon / 8)))
            {
                var remaining = rho - used;
                sigma = Math.Sqrt(1 / (2 * 0.9 * remaining));
                epsilon = Math.Sqrt(8 * 0.1 * remaining);
                terminate = true;
            }
            var rhoMeasure = 1 / (2 * sigma * sigma);
            used += (epsilon * epsilon / 8) + rhoMeasure;
            var sizeLimit = maxCells * used / rho;
            var modelCliques = model.Tree.Cliques;
            var eligible = candidates.Keys
                .Where(c => modelCliques.Any(m => c.All(m.Contains))
                    || JunctionTree.Build(modelCliques.Append(c), sizes).CellCount(sizes) <= sizeLimit)
                .ToList();
            var utilities = new double[eligible.Count];
            var sensitivity = 0.0;
            for (var i = 0; i < eligible.Count; i++)
            {
                var c = eligible[i];
                var weight = candidates[c];
                var x = answers[c];
                var estimate = model.Project(c).Values;
                var l1 = 0.0;
                for (var k = 0; k < x.Length; k++)
                {
                    l1 += Math.Abs(x[k] - estimate[k]);
                }
                utilities[i] = weight * (l1 - (Math.Sqrt(2 / Math.PI) * sigma * x.Length));
                sensitivity = Math.Max(sensitivity, Math.Abs(weight));
            }
            var chosen = eligible[new ExponentialMechanism(sensitivity, epsilon).Release(utilities, random)];
            steps.Add(new SynthesisStep("select", [.. chosen.Select(a => names[a])], epsilon * epsilon / 8, 0, epsilon));
            var measurement = NoisyMarginals.Measure(data, chosen, rhoMeasure, random);
            measurements.Add(measurement);
            steps.Add(new SynthesisStep("measure", [.. chosen.Select(a => names[a])], rhoMeasure, measurement.Sigma, 0));
            var before = model.Project(chosen).Values;
            var fit = System.Diagnostics.Stopwatch.StartNew();
            model = MarginalEstimator.Estimate(sizes, measurements, options.RoundIterations, model, ct: ct);
            fit.Stop();
            var after = model.Project(chosen).Values;
            var change = 0.0;
            for (var k = 0; k < before.Length; k++)
            {
                change += Math.Abs(after[k] - before[k]);
            }
            var anneal = change <= Math.Sqrt(2 / Math.PI) * sigma * before.Length;
            round++;
            options.RoundLog?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"AIM round {round}: measured {string.Join(" × ", chosen.Select(a => names[a]))} ({before.Length} cells) with σ = {sigma:G4}; {used / rho:P1} of ρ spent; model {model.Tree.CellCount(sizes):N0} cells in {model.Tree.Cliques.Length} cliques, fitted in {fit.Elapsed.TotalSeconds:F1} s{(anneal ? "; σ halves" : "")}"));
            if (anneal)
            {
                sigma /= 2;
                epsilon *= 2;
            }
            progress?.Report(Math.Min(0.85, 0.85 * used / rho));
        }
        model = MarginalEstimator.Estimate(sizes, measurements, options.Iterations, model, ct: ct);
        options.AimInspector?.Invoke(measurements, model);
        progress?.Report(0.9);
        return SynthesisOutput.Sample(model, null, sizes, steps, options, random, ct) with
        {
            Released = [.. measurements.Select(m => new ReleasedMeasurement(m))],
            ReleasedScope = "AIM: every 1-way marginal and each round's selected marginal",
        };
    }

    /// <summary>The most candidate marginals (the workload's downward closure) a run may score each round.</summary>
    public const int MaxCandidates = 200_000;

    /// <summary>The most cells the candidates' exact answers may hold together (kept for the whole run: 400 MB).</summary>
    public const double MaxCandidateCells = 50_000_000;

    /// <summary>
    /// Refuses, on the domain alone (before any charge), a workload whose candidates could not be held: all subsets
    /// of 1 to k of the d columns, Σ C(d, j) of them, at most <see cref="MaxCandidates"/>; and those within the model
    /// size limit (the others are never selectable and never counted) hold at most <see cref="MaxCandidateCells"/> cells;
    /// and the rounds, when given, are at least the columns.
    /// </summary>
    public static void CheckSize(IReadOnlyList<int> sizes, SynthesisOptions options)
    {
        var d = sizes.Count;
        if (options.Rounds is { } rounds && rounds < d)
        {
            // The 1-way marginals take 0.9ρ·d/rounds; fewer rounds than columns would spend more than ρ (σ became NaN after the charge).
            throw InvalidOptionException.Of("rounds", $"AIM needs at least one round per column ({d:N0} here; it measures every 1-way marginal with a round's share of ρ), got {rounds:N0}.");
        }
        var k = Math.Min(options.WorkloadDegree, d);
        var count = 0.0;
        var binomial = 1.0;
        for (var j = 1; j <= k; j++)
        {
            binomial = binomial * (d - j + 1) / j;
            count += binomial;
        }
        if (count > MaxCandidates)
        {
            throw InvalidOptionException.Of("workloadDegree", string.Create(CultureInfo.InvariantCulture,
                $"AIM's workload of all {k}-way marginals over {d} columns has {count:N0} candidate marginals to score each round; at most {MaxCandidates:N0}: use a lower workload degree or fewer columns."));
        }
        var maxCells = options.MaxModelSizeMegabytes * 1024 * 1024 / 8;
        var array = sizes.ToArray();
        var total = 0.0;
        foreach (var c in Closure(Subsets(d, k)))
        {
            var cells = Cells(array, c);
            total += cells <= maxCells ? cells : 0;
        }
        if (total > MaxCandidateCells)
        {
            throw InvalidOptionException.Of("workloadDegree", string.Create(CultureInfo.InvariantCulture,
                $"AIM's candidate marginals (all of 1 to {k} columns within the model size limit of {options.MaxModelSizeMegabytes:G4} MB) hold {total:N0} cells; at most {MaxCandidateCells:N0}: use coarser bins, a lower workload degree, fewer columns or a smaller maxModelSize."));
        }
    }

    /// <summary>
    /// Each candidate's weight, its overlap with the workload Σ_w |w ∩ c| (aim.py's), computed as Σ_{i ∈ c} (workload
    /// cliques holding i): linear, where intersecting every candidate with every workload clique took 10^8
    /// intersections at 40 columns.
    /// </summary>
    internal static double[] Weights(IReadOnlyList<int[]> workload, IReadOnlyList<int[]> candidates, int columns)
    {
        var holding = new double[columns];
        foreach (var w in workload)
        {
            foreach (var i in w)
            {
                holding[i]++;
            }
        }
        return [.. candidates.Select(c => c.Sum(i => holding[i]))];
    }

    private static double Cells(int[] sizes, int[] clique)
    {
        var cells = 1.0;
        foreach (var a in clique)
        {
            cells *= sizes[a];
        }
        return cells;
    }

    internal static IEnumerable<int[]> Subsets(int d, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }
        for (var first = 0; first < d; first++)
        {
            foreach (var rest in Subsets(d, k - 1).Where(r => r.Length == 0 || r[0] > first))
            {
                yield return [first, .. rest];
            }
        }
    }

    internal static IEnumerable<int[]> Closure(IEnumerable<int[]> cliques)
    {
        var seen = new HashSet<int[]>(new CliqueComparer());
        foreach (var c in cliques)
        {
            for (var mask = 1; mask < 1 << c.Length; mask++)
            {
                var subset = c.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
                if (seen.Add(subset))
                {
                    yield return subset;
                }
            }
        }
    }

    private sealed class CliqueComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            foreach (var a in obj)
            {
                hash.Add(a);
            }
            return hash.ToHashCode();
        }
    }
}
