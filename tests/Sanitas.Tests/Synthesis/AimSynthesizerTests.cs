using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class AimSynthesizerTests
{
    private static readonly string[] Keep = ["sex", "age", "race", "marital-status", "salary-class"];

    private static readonly Lazy<(Table Table, SynthesisConfig Config)> Adult = new(() =>
    {
        var config = SynthesisConfig.Load(TestData.Adult("adult-synth.yaml"));
        return (CsvReader.Read(TestData.Adult("adult.csv")).Select(Keep), config with { Columns = [.. config.Columns.Where(c => Keep.Contains(c.Name))] });
    });

    private static (SynthesisResult Result, List<string> Lines) Run(double epsilon, double maxModelSize, ulong seed)
    {
        var (table, config) = Adult.Value;
        var lines = new List<string>();
        var options = new SynthesisOptions
        {
            Mechanism = "aim", Epsilon = epsilon, Delta = 1e-9, WorkloadDegree = 3, Rounds = 6, RoundIterations = 50, Iterations = 100,
            MaxModelSizeMegabytes = maxModelSize, RoundLog = lines.Add,
        };
        return (Synthesizer.Synthesize(table, config, options, new SeededRandomForTests(seed)), lines);
    }

    [Fact]
    public void RoundLog_gets_one_line_per_round_naming_the_selected_marginal()
    {
        var (result, lines) = Run(1, 2, 5);
        var selections = result.Log.Steps.Where(s => s.Kind == "select").ToList();
        Assert.NotEmpty(selections);
        Assert.Equal(selections.Count, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.StartsWith($"AIM round {i + 1}: measured {string.Join(" × ", selections[i].Attributes)} (", lines[i], StringComparison.Ordinal);
            Assert.Contains("of ρ spent; model ", lines[i], StringComparison.Ordinal);
        }
        Assert.Contains("100.0 % of ρ spent", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_stays_within_its_size_limit()
    {
        // 0.002 MB = 262 cells: the one-way model has 32; sex × age × marital-status alone would have 224.
        const double megabytes = 0.002;
        var limit = megabytes * 1024 * 1024 / 8;
        var sizes = new Dictionary<string, int> { ["sex"] = 2, ["age"] = 16, ["race"] = 5, ["marital-status"] = 7, ["salary-class"] = 2 };
        var (result, _) = Run(10, megabytes, 6);
        var cells = result.Log.Cliques.Sum(c => c.Aggregate(1L, (n, a) => n * sizes[a]));
        Assert.InRange(cells, 1, limit);
        Assert.Equal(result.Log.Rho, result.Log.RhoSpent, 9);
    }
}
