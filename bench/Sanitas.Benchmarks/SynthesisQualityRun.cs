using System.Diagnostics;
using System.Globalization;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Benchmarks;

/// <summary>
/// The quality table of docs/benchmarks.md ("Synthetic data"): each mechanism on ARX's Adult
/// (samples/adult/adult-synth.yaml, δ = 1e-9) at the given ε, one run each, then the data owner's
/// evaluation (TVD 1/2/3-way, max 2-way, TSTR for salary-class) and the process CPU time of the
/// synthesis alone (noise from <see cref="SecureRandom"/>, so numbers move between runs).
/// <c>dotnet run -c Release --project bench/Sanitas.Benchmarks -- --synth mst,aim 0.1,1,10 [AIM workload degree, 3]</c>.
/// </summary>
internal static class SynthesisQualityRun
{
    public static void Run(IReadOnlyList<string> mechanisms, IReadOnlyList<double> epsilons, int degree = 3)
    {
        var adult = AdultData.Read();
        var config = SynthesisConfig.Load(Path.Combine(AdultData.Folder, "adult-synth.yaml"));
        Console.WriteLine("| mechanism | ε | mean TVD 1-way | 2-way | 3-way | max 2-way | TSTR accuracy | CPU time | wall time |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var mechanism in mechanisms)
        {
            foreach (var epsilon in epsilons)
            {
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                var result = Synthesizer.Synthesize(adult, config,
                    new SynthesisOptions { Mechanism = mechanism, Epsilon = epsilon, Delta = 1e-9, WorkloadDegree = degree }, SecureRandom.Instance);
                wall.Stop();
                process.Refresh();
                var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
                var evaluation = SyntheticDataEvaluator.Evaluate(adult, result.Synthetic, config, "salary-class");
                var m = evaluation.Marginals;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {mechanism} | {epsilon} | {m[0].Mean:F4} | {m[1].Mean:F4} | {m[2].Mean:F4} | {m[1].Max:F4} | {evaluation.AccuracySynthetic:F3} | {cpuSeconds:F1} s | {wall.Elapsed.TotalSeconds:F1} s |"));
            }
        }
    }
}
