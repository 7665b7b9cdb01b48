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
        var candidates = Closure(workload).ToDictionary(c => c, c => (double)workload.Sum(w => w.Intersect(c).Count()), new CliqueComparer());
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
        var maxCells = options.MaxModelSizeMegabytes * 1024 * 1024 / 8;
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

    private static IEnumerable<int[]> Subsets(int d, int k)
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

    private static IEnumerable<int[]> Closure(IEnumerable<int[]> cliques)
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
