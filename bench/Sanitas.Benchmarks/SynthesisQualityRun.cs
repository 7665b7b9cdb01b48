using System.Diagnostics;
using System.Globalization;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Benchmarks;

/// <summary>
/// The quality table of docs/benchmarks.md ("Synthetic data"): each mechanism on ARX's Adult
/// (samples/adult/adult-synth.yaml, δ = 1e-9) at the given ε, one run each, then the data owner's
/// evaluation (TVD 1/2/3-way, max 2-way, TSTR for salary-class) and the process CPU time of the
/// synthesis alone (noise from <see cref="SecureRandom"/>, so numbers move between runs); AIM's round lines go to
/// standard error. With several
/// runs each, a last line per (mechanism, ε) gives the mean ± sample standard deviation.
/// <c>dotnet run -c Release --project bench/Sanitas.Benchmarks -- --synth mst,aim,privbayes 0.1,1,10 [AIM workload degree, 3] [runs, 1]</c>.
/// </summary>
internal static class SynthesisQualityRun
{
    public static void Run(IReadOnlyList<string> mechanisms, IReadOnlyList<double> epsilons, int degree = 3, int runs = 1)
    {
        var adult = AdultData.Read();
        var config = SynthesisConfig.Load(Path.Combine(AdultData.Folder, "adult-synth.yaml"));
        Console.WriteLine("| mechanism | ε | mean TVD 1-way | 2-way | 3-way | max 2-way | TSTR accuracy | CPU time | wall time |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var mechanism in mechanisms)
        {
            foreach (var epsilon in epsilons)
            {
                var rows = new List<double[]>();
                for (var run = 0; run < runs; run++)
                {
                    var process = Process.GetCurrentProcess();
                    var cpu = process.TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    var result = Synthesizer.Synthesize(adult, config,
                        new SynthesisOptions { Mechanism = mechanism, Epsilon = epsilon, Delta = 1e-9, WorkloadDegree = degree, RoundLog = Console.Error.WriteLine }, SecureRandom.Instance);
                    wall.Stop();
                    process.Refresh();
                    var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
                    var evaluation = SyntheticDataEvaluator.Evaluate(adult, result.Synthetic, config, "salary-class");
                    var m = evaluation.Marginals;
                    double[] row = [m[0].Mean, m[1].Mean, m[2].Mean, m[1].Max, evaluation.AccuracySynthetic ?? double.NaN, cpuSeconds, wall.Elapsed.TotalSeconds];
                    rows.Add(row);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {mechanism} | {epsilon} | {row[0]:F4} | {row[1]:F4} | {row[2]:F4} | {row[3]:F4} | {row[4]:F3} | {row[5]:F1} s | {row[6]:F1} s |"));
                }
                if (runs > 1)
                {
                    string Cell(int i, string format)
                    {
                        var values = rows.Select(r => r[i]).ToArray();
                        var mean = values.Average();
                        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
                        return mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + sd.ToString(format, CultureInfo.InvariantCulture);
                    }
                    Console.WriteLine($"| **{mechanism} mean ± sd of {runs}** | {epsilon.ToString(CultureInfo.InvariantCulture)} | {Cell(0, "F4")} | {Cell(1, "F4")} | {Cell(2, "F4")} | {Cell(3, "F4")} | {Cell(4, "F3")} | {Cell(5, "F1")} s | {Cell(6, "F1")} s |");
                }
            }
        }
    }
}
