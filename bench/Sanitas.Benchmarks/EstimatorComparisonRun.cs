using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Benchmarks;

/// <summary>
/// Compares Sanitas' AIM and its estimator with Private-PGM's on identical measurements (docs/benchmarks.md,
/// "AIM and MST against the reference run here").
/// <c>--aim-draws N DIR [degree] [max model MB] [ε, 1]</c>: N AIM draws on Adult; per draw the evaluation
/// (1/2/3-way TVD, max 2-way, TSTR), the fitted model's exact mean 2-way TVD (no sampling), CPU time, and the
/// draw's noisy measurements as DIR/sanitas-aim-K.json (attribute names, noisy counts row-major with the last
/// attribute fastest, σ) for a fit elsewhere.
/// <c>--fit FILE.json [iterations]</c>: fits <see cref="MarginalEstimator"/> from zero potentials to such a
/// file (e.g. the reference's measurements) and prints the model's exact mean 2-way TVD.
/// </summary>
internal static class EstimatorComparisonRun
{
    public static void AimDraws(int draws, string folder, int degree, double maxModelSize, double epsilon = 1)
    {
        var adult = AdultData.Read();
        var config = SynthesisConfig.Load(Path.Combine(AdultData.Folder, "adult-synth.yaml"));
        var data = EncodedTable.Encode(adult, config);
        var names = config.Names.ToArray();
        Directory.CreateDirectory(folder);
        Console.WriteLine("| draw | TVD 1-way | 2-way | 3-way | max 2-way | TSTR | model 2-way | CPU s |");
        for (var draw = 1; draw <= draws; draw++)
        {
            double modelTwoWay = double.NaN;
            var path = Path.Combine(folder, $"sanitas-aim-{draw}.json");
            var options = new SynthesisOptions
            {
                Mechanism = "aim",
                Epsilon = epsilon,
                Delta = 1e-9,
                WorkloadDegree = degree,
                MaxModelSizeMegabytes = maxModelSize,
                AimInspector = (measurements, model) =>
                {
                    modelTwoWay = ModelTwoWay(model, data);
                    Write(measurements, names, path);
                },
            };
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var result = Synthesizer.Synthesize(adult, config, options, SecureRandom.Instance);
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            var evaluation = SyntheticDataEvaluator.Evaluate(adult, result.Synthetic, config, "salary-class");
            var m = evaluation.Marginals;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {draw} | {m[0].Mean:F4} | {m[1].Mean:F4} | {m[2].Mean:F4} | {m[1].Max:F4} | {evaluation.AccuracySynthetic:F3} | {modelTwoWay:F4} | {cpuSeconds:F1} |"));
        }
    }

    public static void Fit(string path, int iterations)
    {
        var adult = AdultData.Read();
        var config = SynthesisConfig.Load(Path.Combine(AdultData.Folder, "adult-synth.yaml"));
        var data = EncodedTable.Encode(adult, config);
        var names = config.Names.ToList();
        var measurements = JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(node => new Measurement(
            [.. node!["attributes"]!.AsArray().Select(a => names.IndexOf(a!.GetValue<string>()))],
            [.. node["values"]!.AsArray().Select(v => v!.GetValue<double>())],
            node["sigma"]!.GetValue<double>())).ToList();
        var watch = Stopwatch.StartNew();
        var model = MarginalEstimator.Estimate(data.Sizes, measurements, iterations);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(path)}: {measurements.Count} measurements, model {model.Tree.CellCount(data.Sizes):N0} cells, exact 2-way TVD {ModelTwoWay(model, data):F5} ({iterations} iterations at most, {watch.Elapsed.TotalSeconds:F1} s)"));
    }

    /// <summary>The mean over attribute pairs of ½‖p − q‖₁ between the model's exact marginal and the data's.</summary>
    private static double ModelTwoWay(GraphicalModel model, EncodedTable data)
    {
        var sum = 0.0;
        var count = 0;
        for (var a = 0; a < data.Width; a++)
        {
            for (var b = a + 1; b < data.Width; b++)
            {
                var x = data.Histogram([a, b]);
                var p = model.Project([a, b]).Values;
                double xs = x.Sum(), ps = p.Sum(), l1 = 0;
                for (var k = 0; k < x.Length; k++)
                {
                    l1 += Math.Abs((x[k] / xs) - (p[k] / ps));
                }
                sum += l1 / 2;
                count++;
            }
        }
        return sum / count;
    }

    private static void Write(IReadOnlyList<Measurement> measurements, string[] names, string path)
    {
        var array = new JsonArray();
        foreach (var m in measurements)
        {
            array.Add(new JsonObject
            {
                ["attributes"] = new JsonArray([.. m.Attributes.Select(a => (JsonNode)names[a])]),
                ["values"] = new JsonArray([.. m.Values.Select(v => (JsonNode)v)]),
                ["sigma"] = m.Sigma,
            });
        }
        File.WriteAllText(path, array.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }
}
