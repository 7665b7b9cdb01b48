using System.Diagnostics;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;
using Xunit.Abstractions;

namespace Sanitas.Tests.Synthesis;

public sealed class AdultSmokeTests(ITestOutputHelper output)
{
    private sealed class Printer(ITestOutputHelper output, Stopwatch watch) : IProgress<double>
    {
        public void Report(double value) => output.WriteLine($"{watch.Elapsed.TotalSeconds:F1}s {value:F3}");
    }

    [Theory(Skip = "Manual profiling run (minutes); the Adult numbers are in docs/benchmarks.md")]
    [InlineData("aim", 1.0)]
    public void Smoke(string mechanism, double epsilon)
    {
        var table = CsvReader.Read(TestData.Adult("adult.csv"));
        var config = SynthesisConfig.Load(TestData.Adult("adult-synth.yaml"));
        var watch = Stopwatch.StartNew();
        var result = Synthesizer.Synthesize(table, config, new SynthesisOptions { Mechanism = mechanism, Epsilon = epsilon, Delta = 1e-9 }, new SeededRandomForTests(7), new Printer(output, watch));
        output.WriteLine($"synth {watch.Elapsed}");
        watch.Restart();
        var eval = SyntheticDataEvaluator.Evaluate(table, result.Synthetic, config, "salary-class");
        output.WriteLine($"eval {watch.Elapsed}");
        foreach (var m in eval.Marginals)
        {
            output.WriteLine($"{m.Degree}: mean {m.Mean:F4} max {m.Max:F4}");
        }
        output.WriteLine($"tstr {eval.AccuracySynthetic} real {eval.AccuracyReal} maj {eval.AccuracyMajority} pmse {eval.Pmse} V {eval.AssociationMeanDifference}");
        output.WriteLine(string.Join(" | ", result.Log.Cliques.Select(c => string.Join(",", c))));
        output.WriteLine($"rho {result.Log.Rho} spent {result.Log.RhoSpent} steps {result.Log.Steps.Count} rows {result.Log.Rows}");
    }
}
