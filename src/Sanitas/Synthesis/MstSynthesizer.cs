using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// MST (McKenna, Miklau &amp; Sheldon 2021, "Winning the NIST Contest: A scalable and general approach
/// to differentially private synthetic data", Journal of Privacy and Confidentiality 11(3),
/// Algorithm 1): with a zCDP budget ρ split in thirds — (1) every 1-way marginal with Gaussian noise
/// (ρ/3) and domain compression of the cells below 3σ; (2) a maximum spanning tree of attribute
/// pairs weighted by how badly the 1-way model predicts each pair, L1(x_ab − x̂_ab), built by d − 1
/// exponential-mechanism choices (sensitivity 1, each ε = √(8(ρ/3)/(d − 1)), ε²/8-zCDP each by
/// Cesar &amp; Rogers 2021) among the pairs that do not close a cycle (ρ/3); (3) the tree's 2-way
/// marginals with Gaussian noise (ρ/3); then Private-PGM estimation and sampling.
/// Neighbouring datasets differ by adding or removing one row (one person).
/// </summary>
internal static class MstSynthesizer
{
    public static SynthesisOutput Run(EncodedTable data, IReadOnlyList<string> names, double rho, SynthesisOptions options,
        IRandomBits random, IProgress<double>? progress, CancellationToken ct)
    {
        var d = data.Width;
        var steps = new List<SynthesisStep>();
        var third = d > 1 ? rho / 3 : rho;

        // (1) 1-way marginals, ρ/3 in all.
        var rhoOne = third / d;
        var oneWay = new List<Measurement>();
        for (var a = 0; a < d; a++)
        {
            ct.ThrowIfCancellationRequested();
            var m = NoisyMarginals.Measure(data, [a], rhoOne, random);
            oneWay.Add(m);
            steps.Add(new SynthesisStep("measure", [names[a]], rhoOne, m.Sigma, 0));
        }
        progress?.Report(0.1);
        var (compression, compressedOneWay) = DomainCompression.FromOneWay(oneWay, data.Sizes);
        var compressed = compression.Compress(data);
        var sizes = compression.Sizes;
        var measurements = new List<Measurement>(compressedOneWay);
        var released = oneWay.Select(m => new ReleasedMeasurement(m)).ToList();

        if (d > 1)
        {
            // (2) the spanning tree, ρ/3 over d − 1 exponential-mechanism choices.
            var independent = MarginalEstimator.Estimate(sizes, measurements, 1000, ct: ct);
            var pairs = new List<int[]>();
            var weights = new Dictionary<(int, int), double>();
            for (var a = 0; a < d; a++)
            {
                for (var b = a + 1; b < d; b++)
                {
                    var x = compressed.Histogram([a, b]);
                    var estimate = independent.Project([a, b]).Values;
                    var l1 = 0.0;
                    for (var i = 0; i < x.Length; i++)
                    {
                        l1 += Math.Abs(x[i] - estimate[i]);
                    }
                    weights[(a, b)] = l1;
                    pairs.Add([a, b]);
                }
            }
            progress?.Report(0.2);
            var epsilon = Math.Sqrt(8 * third / (d - 1));
            var selection = new ExponentialMechanism(1, epsilon);
            var components = new DisjointSets(d);
            var edges = new List<int[]>();
            for (var step = 0; step < d - 1; step++)
            {
                ct.ThrowIfCancellationRequested();
                var candidates = pairs.Where(p => !components.Connected(p[0], p[1])).ToList();
                var chosen = candidates[selection.Release([.. candidates.Select(p => weights[(p[0], p[1])])], random)];
                components.Union(chosen[0], chosen[1]);
                edges.Add(chosen);
                steps.Add(new SynthesisStep("select", [names[chosen[0]], names[chosen[1]]], epsilon * epsilon / 8, 0, epsilon));
            }
            progress?.Report(0.3);

            // (3) the tree's 2-way marginals, ρ/3 in all.
            var rhoTwo = third / (d - 1);
            foreach (var e in edges)
            {
                ct.ThrowIfCancellationRequested();
                var m = NoisyMarginals.Measure(compressed, e, rhoTwo, random);
                measurements.Add(m);
                released.Add(new ReleasedMeasurement(m, compression));
                steps.Add(new SynthesisStep("measure", [names[e[0]], names[e[1]]], rhoTwo, m.Sigma, 0));
            }
        }
        progress?.Report(0.35);
        var model = MarginalEstimator.Estimate(sizes, measurements, options.Iterations, ct: ct);
        progress?.Report(0.9);
        return SynthesisOutput.Sample(model, compression, data.Sizes, steps, options, random, ct) with
        {
            Released = released,
            ReleasedScope = "MST: every 1-way marginal and the spanning tree's 2-way marginals (over the compressed cells)",
        };
    }
}
