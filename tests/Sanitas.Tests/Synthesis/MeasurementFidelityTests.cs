using System.Text.Json;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;
using Sanitas.Synthesis.Gan;

namespace Sanitas.Tests.Synthesis;

/// <summary>
/// The fidelity against the released measurements: numbers recomputed by brute force, the noise model against a
/// simulation, the real rows never read, and every mechanism's releases covered.
/// </summary>
public sealed class MeasurementFidelityTests
{
    private static readonly SynthesisConfig Config = new([
        SynthesisColumn.Categorical("a", ["x", "y"]),
        SynthesisColumn.Categorical("b", ["p", "q", "r"]),
        SynthesisColumn.Categorical("c", ["k0", "k1", "k2", "k3"]),
    ]);

    private static readonly string[] Names = ["a", "b", "c"];

    /// <summary>3,000 rows where b follows a (80%) and c is independent: a table with one strong association.</summary>
    private static Table Correlated(int seed = 1)
    {
        var random = new Random(seed);
        var rows = new List<string[]>();
        for (var i = 0; i < 3000; i++)
        {
            var a = random.NextDouble() < 0.3 ? "y" : "x";
            var b = random.NextDouble() < 0.8 ? (a == "x" ? "p" : "r") : new[] { "p", "q", "r" }[random.Next(3)];
            rows.Add([a, b, "k" + random.Next(4)]);
        }
        return new Table(Names.Select((name, j) => Column.FromValues(name, rows.Select(r => r[j]))));
    }

    private static SynthesisOptions Options(string mechanism, double epsilon = 1) => new()
    {
        Mechanism = mechanism,
        Epsilon = epsilon,
        Delta = 1e-9,
        Iterations = 300,
        RoundIterations = 100,
        WorkloadDegree = 2,
        Rounds = 6,
        DpCtgan = new DpCtganOptions { Steps = 20, BatchSize = 100, GeneratorLayers = [8], LatentDimension = 4 },
    };

    [Fact]
    public void Compute_matches_a_brute_force_recomputation_on_a_small_table()
    {
        // Twelve synthetic rows over a (2) × b (3) × c (2) and three releases: a 1-way with a negative cell, a 2-way,
        // and a 1-way over MST-style compressed cells (b's q and r merged, their noise σ√2).
        int[][] rows = [[0, 0, 1], [0, 1, 1], [1, 2, 0], [1, 2, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1], [0, 2, 0], [1, 0, 1], [0, 1, 0], [1, 2, 1], [0, 0, 1]];
        var synthetic = new EncodedTable([.. Enumerable.Range(0, 3).Select(j => rows.Select(r => r[j]).ToArray())], [2, 3, 2]);
        var compressionOneWay = new Measurement([1], [40, 0.5, 1], 2.0);
        var (compression, _) = DomainCompression.FromOneWay([new Measurement([0], [30, 30], 2.0), compressionOneWay, new Measurement([2], [30, 30], 2.0)], [2, 3, 2]);
        Assert.Equal(2, compression.Sizes[1]);
        ReleasedMeasurement[] released =
        [
            new(new Measurement([1], [5.5, -1.2, 7.1], 1.5)),
            new(new Measurement([0, 2], [3, 4.4, 0.2, 6], 0.8)),
            new(new Measurement([1], [5, 6], 1.5, [1, 1 / Math.Sqrt(2)]), compression),
        ];
        var fidelity = MeasurementFidelity.Compute(released, synthetic, ["a", "b", "c"], 12, "test");

        // Brute force: count matching rows per cell, clip and normalize the release, half the L1 distance.
        double BruteTvd(int[] attributes, double[] noisy, Func<int[], int> cellOf)
        {
            var counts = new double[noisy.Length];
            foreach (var r in rows)
            {
                counts[cellOf(r)]++;
            }
            var clipped = noisy.Select(v => Math.Max(0, v)).ToArray();
            var sum = 0.0;
            for (var i = 0; i < noisy.Length; i++)
            {
                sum += Math.Abs((counts[i] / rows.Length) - (clipped[i] / clipped.Sum()));
            }
            return sum / 2;
        }
        Assert.Equal(BruteTvd([1], [5.5, -1.2, 7.1], r => r[1]), fidelity.Fits[0].Tvd, 12);
        Assert.Equal(BruteTvd([0, 2], [3, 4.4, 0.2, 6], r => (r[0] * 2) + r[2]), fidelity.Fits[1].Tvd, 12);
        Assert.Equal(BruteTvd([1], [5, 6], r => r[1] == 0 ? 0 : 1), fidelity.Fits[2].Tvd, 12);
        // By hand for the first: q = (5, 3, 4)/12, p̂ = (5.5, 0, 7.1)/12.6.
        Assert.Equal(0.5 * (Math.Abs((5 / 12.0) - (5.5 / 12.6)) + (3 / 12.0) + Math.Abs((4 / 12.0) - (7.1 / 12.6))), fidelity.Fits[0].Tvd, 12);
        Assert.Equal([3, 4, 2], fidelity.Fits.Select(f => f.Cells));
        Assert.Equal(["b"], fidelity.Fits[0].Attributes);
        Assert.Equal(["a", "c"], fidelity.Fits[1].Attributes);

        // The summary by degree: means over the fits of each degree, the worst by excess.
        var one = fidelity.Degrees[0];
        Assert.Equal((1, 2), (one.Degree, one.Count));
        Assert.Equal((fidelity.Fits[0].Tvd + fidelity.Fits[2].Tvd) / 2, one.MeanTvd, 12);
        Assert.Equal((fidelity.Fits[0].NoiseTvd + fidelity.Fits[2].NoiseTvd) / 2, one.MeanNoiseTvd, 12);
        Assert.Equal(Math.Max(fidelity.Fits[0].Excess, fidelity.Fits[2].Excess), one.MaxExcess, 12);
        Assert.Equal((2, 1), (fidelity.Degrees[1].Degree, fidelity.Degrees[1].Count));
    }

    [Fact]
    public void The_noise_tvd_agrees_with_an_independent_simulation_of_the_release()
    {
        // If the synthetic marginal were the truth: release N̂q + N(0, σ²) per cell, clip, normalize, TVD to q; averaged.
        double[] q = [0.5, 0.25, 0.15, 0.07, 0.03, 0, 0, 0];
        foreach (var (n, sigma) in new[] { (1000.0, 5.0), (200.0, 8.0), (5000.0, 2.0), (30.0, 40.0) })
        {
            var m = new Measurement([0], new double[q.Length], sigma);
            var simulated = Simulate(q, n, sigma);
            var computed = MeasurementFidelity.NoiseTvd(q, m, n);
            Assert.True(Math.Abs(simulated - computed) < 0.03 * simulated, $"N = {n}, σ = {sigma}: simulated {simulated:G5}, library {computed:G5}");
        }
        // Many cells (fewer draws in the library): a skewed 400-cell marginal, half of it empty.
        var wide = Enumerable.Range(0, 400).Select(i => i < 200 ? 1.0 / (i + 1) : 0).ToArray();
        wide = [.. wide.Select(v => v / wide.Sum())];
        var wideComputed = MeasurementFidelity.NoiseTvd(wide, new Measurement([0], new double[400], 20), 20_000);
        var wideSimulated = Simulate(wide, 20_000, 20, trials: 2_000);
        Assert.True(Math.Abs(wideSimulated - wideComputed) < 0.03 * wideSimulated, $"400 cells: simulated {wideSimulated:G5}, library {wideComputed:G5}");
        // Normalization removes the common part of the noise: one cell is always exact, two equal cells under huge noise are not.
        Assert.Equal(0, MeasurementFidelity.NoiseTvd([1], new Measurement([0], [0], 50), 30));
        var two = MeasurementFidelity.NoiseTvd([0.5, 0.5], new Measurement([0], [0, 0], 50), 30);
        Assert.True(Math.Abs(two - Simulate([0.5, 0.5], 30, 50)) < 0.03 * two, $"two cells: {two}");
        // Merged cells (weights) carry σ/w.
        var weighted = MeasurementFidelity.NoiseTvd([0.6, 0.4], new Measurement([0], [0, 0], 5, [1, 0.25]), 100);
        Assert.True(Math.Abs(weighted - Simulate([0.6, 0.4], 100, 5, [1, 0.25])) < 0.03 * weighted, $"weighted: {weighted}");
    }

    private static double Simulate(double[] q, double n, double sigma, double[]? weights = null, int trials = 40_000)
    {
        var random = new Random(7);
        double total = 0;
        for (var t = 0; t < trials; t++)
        {
            var noisy = q.Select((v, i) => Math.Max(0, (n * v) + (sigma / (weights?[i] ?? 1) * Gaussian(random)))).ToArray();
            var s = noisy.Sum();
            total += 0.5 * q.Select((v, i) => Math.Abs(v - (s > 0 ? noisy[i] / s : 1.0 / q.Length))).Sum();
        }
        return total / trials;
    }

    [Fact]
    public void A_model_that_ignores_an_association_shows_excess_and_one_that_keeps_it_shows_noise()
    {
        // Released: the true a × b marginal with σ = 10 noise. A synthetic table from the truth fits within the noise;
        // one with a and b independent (same 1-way marginals) is far beyond it.
        var real = EncodedTable.Encode(Correlated(), Config);
        var random = new SeededRandomForTests(3);
        var released = new ReleasedMeasurement(NoisyMarginals.Measure(real, [0, 1], 1 / (2 * 10.0 * 10.0), random));
        var shuffled = real.Codes[1].ToArray();
        new Random(5).Shuffle(shuffled);
        var independent = new EncodedTable([real.Codes[0], shuffled, real.Codes[2]], real.Sizes);
        var fitTrue = MeasurementFidelity.Compute([released], real, Names, real.Rows, "test").Fits[0];
        var fitIndependent = MeasurementFidelity.Compute([released], independent, Names, real.Rows, "test").Fits[0];
        Assert.True(fitTrue.Tvd < 2 * fitTrue.NoiseTvd, $"truth: TVD {fitTrue.Tvd:G4}, noise alone {fitTrue.NoiseTvd:G4}");
        Assert.True(fitIndependent.Excess > 0.2, $"independent: TVD {fitIndependent.Tvd:G4}, noise alone {fitIndependent.NoiseTvd:G4}");
    }

    [Theory]
    [InlineData("mst")]
    [InlineData("aim")]
    [InlineData("privbayes")]
    [InlineData("dpctgan")]
    public void The_summary_reads_no_real_row(string mechanism)
    {
        // Run the mechanism as Synthesizer does, keep what it released, then overwrite the real table it read:
        // the summary computed afterwards from the releases and the synthetic table is the log's, number for number.
        var table = Correlated();
        var options = Options(mechanism);
        var rho = Synthesizer.Validate(options);
        var logged = Synthesizer.Synthesize(table, Config, options, new SeededRandomForTests(11)).Log.Fidelity!;
        var data = EncodedTable.Encode(table, Config);
        var random = new SeededRandomForTests(11);
        var (synthetic, released, estimatedRows, scope) = mechanism switch
        {
            "dpctgan" => Gan(DpCtganSynthesizer.Run(data, Names, rho, options, random, null, default)),
            "aim" => Graph(AimSynthesizer.Run(data, Names, rho, options, random, null, default)),
            "privbayes" => Graph(PrivBayesSynthesizer.Run(data, Names, rho, options, random, null, default)),
            _ => Graph(MstSynthesizer.Run(data, Names, rho, options, random, null, default)),
        };
        var exactBefore = SyntheticDataEvaluator.Distance(data, synthetic, Names, 1).Mean;
        foreach (var column in data.Codes)
        {
            Array.Fill(column, 0);
        }
        // Something that did read the real rows would now see another table.
        Assert.NotEqual(exactBefore, SyntheticDataEvaluator.Distance(data, synthetic, Names, 1).Mean);
        var recomputed = MeasurementFidelity.Compute(released, synthetic, Names, estimatedRows, scope);
        Assert.Equal(Json(logged), Json(recomputed));
        Assert.NotEmpty(logged.Fits);

        static (EncodedTable, IReadOnlyList<ReleasedMeasurement>, double, string) Graph(SynthesisOutput o) => (o.Synthetic, o.Released, o.EstimatedRows, o.ReleasedScope);
        static (EncodedTable, IReadOnlyList<ReleasedMeasurement>, double, string) Gan(
            (EncodedTable Synthetic, IReadOnlyList<SynthesisStep> Steps, double EstimatedRows, DpCtganAccounting Accounting, IReadOnlyList<ReleasedMeasurement> Released) o) =>
            (o.Synthetic, o.Released, o.EstimatedRows, DpCtganSynthesizer.ReleasedScope);
    }

    [Theory]
    [InlineData("mst")]
    [InlineData("aim")]
    [InlineData("privbayes")]
    [InlineData("dpctgan")]
    public void Every_released_marginal_is_compared(string mechanism)
    {
        var log = Synthesizer.Synthesize(Correlated(), Config, Options(mechanism), new SeededRandomForTests(2)).Log;
        var measured = log.Steps.Where(s => s.Kind == "measure" && s.Attributes.Count > 0).ToList();
        var fidelity = log.Fidelity!;
        Assert.Equal(measured.Select(s => string.Join(",", s.Attributes)), fidelity.Fits.Select(f => string.Join(",", f.Attributes)));
        Assert.Equal(measured.Select(s => s.Sigma), fidelity.Fits.Select(f => f.Sigma));
        Assert.All(fidelity.Fits, f => Assert.InRange(f.Tvd, 0, 1));
        Assert.All(fidelity.Fits, f => Assert.InRange(f.NoiseTvd, 0, 1));
        if (mechanism == "dpctgan")
        {
            Assert.All(fidelity.Fits, f => Assert.Single(f.Attributes));
            Assert.Contains("1-way marginals only", fidelity.Scope);
        }
        else
        {
            Assert.Contains(fidelity.Degrees, d => d.Degree >= 2);
        }
        // The privacy log carries it, labelled as DP post-processing.
        var json = JsonDocument.Parse(SynthesisReports.LogJson(log)).RootElement.GetProperty("fidelity");
        Assert.Contains("no extra privacy cost", json.GetProperty("against").GetString());
        Assert.Equal(fidelity.Fits.Count, json.GetProperty("measurements").GetArrayLength());
        Assert.Equal(fidelity.Degrees[0].MeanTvd, json.GetProperty("byDegree")[0].GetProperty("meanTvd").GetDouble());
    }

    [Fact]
    public void Synth_prints_the_fidelity_against_the_released_measurements()
    {
        using var folder = new TempFolder();
        var (code, output, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "mst", "--epsilon", "1", "--out", folder.File("syn.csv"), "--report", folder.File("log.json"), "--no-ledger", "--iterations", "200");
        Assert.True(code == 0, error);
        Assert.Contains("Fidelity against the released measurements", output);
        Assert.Contains("1-way (", output);
        Assert.Contains("2-way (", output);
        Assert.True(JsonDocument.Parse(File.ReadAllText(folder.File("log.json"))).RootElement.TryGetProperty("fidelity", out _));
    }

    private static string Clinical(string file) => Path.Combine(TestData.RepositoryRoot, "samples", "clinical", file);

    private static string Json(MeasurementFidelity f) => SynthesisReports.FidelityJson(f).ToJsonString();

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
