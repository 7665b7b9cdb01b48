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
            Mechanism = "aim",
            Epsilon = epsilon,
            Delta = 1e-9,
            WorkloadDegree = 3,
            Rounds = 6,
            RoundIterations = 50,
            Iterations = 100,
            MaxModelSizeMegabytes = maxModelSize,
            RoundLog = lines.Add,
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

    [Fact]
    public void Candidate_weights_are_each_candidates_overlap_with_the_workload()
    {
        // aim.py's weight, Σ_w |w ∩ c|, by brute force against the per-column count the run uses.
        var workload = AimSynthesizer.Subsets(7, 3).ToList();
        var candidates = AimSynthesizer.Closure(workload).ToList();
        var weights = AimSynthesizer.Weights(workload, candidates, 7);
        Assert.Equal(7 + 21 + 35, candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            Assert.Equal(workload.Sum(w => w.Intersect(candidates[i]).Count()), weights[i]);
        }
        Assert.Equal(15, weights[candidates.FindIndex(c => c.Length == 1)]); // C(6, 2) triples hold a column
    }

    [Fact]
    public void A_domain_whose_three_way_marginals_exceed_any_model_runs_on_the_marginals_that_fit()
    {
        // Three columns of 10,000 cells: a 3-way marginal has 10^12 cells (it overflowed when counted), a 2-way 10^8.
        int[] steps = [37, 91, 13];
        var table = new Table(new[] { "a", "b", "c" }.Select((name, j) => Column.FromValues(name, Enumerable.Range(0, 50).Select(i => (i * steps[j] % 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var config = SynthesisConfig.Parse(new StringReader(
            "columns:\n  a: { type: integer, min: 0, max: 9999, bins: 10000 }\n  b: { type: integer, min: 0, max: 9999, bins: 10000 }\n  c: { type: integer, min: 0, max: 9999, bins: 10000 }\n"), "wide.yaml");
        var options = new SynthesisOptions { Mechanism = "aim", Epsilon = 1, Delta = 1e-9, Rounds = 4, RoundIterations = 5, Iterations = 10, Rows = 20 };
        var result = Synthesizer.Synthesize(table, config, options, new SeededRandomForTests(3));
        Assert.Equal(20, result.Synthetic.RowCount);
        Assert.All(result.Log.Cliques, c => Assert.Single(c));
        Assert.Equal(result.Log.Rho, result.Log.RhoSpent, 9);
    }

    [Fact]
    public void A_workload_too_large_to_hold_is_refused_on_the_domain_alone()
    {
        var columns = string.Concat(Enumerable.Range(0, 120).Select(i => $"  c{i}: [x, y]\n"));
        var config = SynthesisConfig.Parse(new StringReader("columns:\n" + columns), "wide.yaml");
        var options = new SynthesisOptions { Mechanism = "aim", Epsilon = 1, Delta = 1e-9 };
        var e = Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(options, config));
        Assert.Contains("all 3-way marginals over 120 columns has 288,100 candidate marginals", e.Message);
        Assert.Equal(Synthesizer.Validate(options with { WorkloadDegree = 2 }), Synthesizer.Validate(options with { WorkloadDegree = 2 }, config));
        var fat = SynthesisConfig.Parse(new StringReader(string.Concat(["columns:\n", .. Enumerable.Range(0, 26).Select(i => $"  c{i}: {{ type: integer, min: 0, max: 399, bins: 400 }}\n")])), "fat.yaml");
        var cells = Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(options with { MaxModelSizeMegabytes = 80 }, fat));
        Assert.Contains("hold 52,010,400 cells; at most 50,000,000", cells.Message); // 26 × 400 + 325 × 160,000; the 3-way ones exceed 80 MB
        // Fewer rounds than columns would spend more than ρ on the 1-way marginals.
        var rounds = Assert.Throws<InvalidOptionException>(() => Synthesizer.Validate(options with { Rounds = 25, WorkloadDegree = 2 }, fat));
        Assert.Contains("at least one round per column (26 here", rounds.Message);
    }
}
