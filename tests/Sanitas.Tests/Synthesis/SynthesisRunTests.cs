using System.Text.Json;
using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class SynthesisRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sanitas-synth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    private SynthesisRequest Request(double epsilon, string config = "adult-synth.yaml") => new(
        TestData.Adult("adult.csv"), config == "adult-synth.yaml" ? TestData.Adult(config) : config,
        new SynthesisOptions { Mechanism = "mst", Epsilon = epsilon, Delta = 1e-9, Iterations = 200, Rows = 500 },
        File("syn.csv"), File("log.json"), File("ledger.db"), "alice");

    private async Task<BudgetLedger> LedgerAsync(double epsilon)
    {
        var ledger = BudgetLedger.Open(File("ledger.db"), createIfMissing: true);
        await ledger.EnsureCreatedAsync();
        await ledger.SetBudgetAsync("alice", BudgetLedger.DatasetName(File("ledger.db")), epsilon, 1e-6);
        return ledger;
    }

    [Fact]
    public async Task The_run_charges_the_ledger_then_writes_the_table_and_a_log_of_dp_numbers_only()
    {
        var ledger = await LedgerAsync(2);
        var result = await SynthesisRun.RunAsync(Request(1), new SeededRandomForTests(1));
        Assert.NotNull(result.Charge);
        var budget = await ledger.GetAsync("alice", BudgetLedger.DatasetName(File("ledger.db")));
        Assert.Equal(1, budget!.EpsilonSpent, 12);
        Assert.Equal(1e-9, budget.DeltaSpent, 15);
        var lines = System.IO.File.ReadAllLines(File("syn.csv"));
        Assert.Equal(501, lines.Length);
        Assert.Equal("sex,age,race,marital-status,education,native-country,workclass,occupation,salary-class", lines[0]);
        using var log = JsonDocument.Parse(System.IO.File.ReadAllText(File("log.json")));
        Assert.StartsWith("analyst", log.RootElement.GetProperty("audience").GetString());
        Assert.Equal(9 + 8 + 8, log.RootElement.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Over_budget_nothing_is_written_or_charged()
    {
        var ledger = await LedgerAsync(0.5);
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => SynthesisRun.RunAsync(Request(1), new SeededRandomForTests(1)));
        Assert.False(System.IO.File.Exists(File("syn.csv")));
        Assert.False(System.IO.File.Exists(File("log.json")));
        Assert.Equal(0, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(File("ledger.db"))))!.EpsilonSpent);
    }

    [Fact]
    public async Task A_config_naming_a_missing_column_fails_before_the_charge()
    {
        var ledger = await LedgerAsync(2);
        System.IO.File.WriteAllText(File("bad.yaml"), "columns:\n  sex: [Female, Male]\n  salary: ['<=50K', '>50K']\n");
        var e = await Assert.ThrowsAsync<ConfigException>(() => SynthesisRun.RunAsync(Request(1, File("bad.yaml")), new SeededRandomForTests(1)));
        Assert.Equal(3, e.Line);
        Assert.Equal(0, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(File("ledger.db"))))!.EpsilonSpent);
        Assert.False(System.IO.File.Exists(File("syn.csv")));
    }

    [Fact]
    public async Task A_critic_too_large_for_the_domain_is_refused_before_the_charge()
    {
        // 300 binary columns: 600 + 44,850 × 4 features a row; the run ran out of memory after its charge before.
        var ledger = await LedgerAsync(2);
        var names = Enumerable.Range(0, 300).Select(i => $"c{i}").ToArray();
        System.IO.File.WriteAllText(File("wide.yaml"), "columns:\n" + string.Concat(names.Select(n => $"  {n}: [x, y]\n")));
        System.IO.File.WriteAllLines(File("wide.csv"), [string.Join(',', names), string.Join(',', names.Select(_ => "x"))]);
        var request = Request(1, File("wide.yaml")) with { Input = File("wide.csv"), Options = new SynthesisOptions { Mechanism = "dpctgan", Epsilon = 1, Delta = 1e-9 } };
        var e = await Assert.ThrowsAsync<InvalidOptionException>(() => SynthesisRun.RunAsync(request, new SeededRandomForTests(1)));
        Assert.Contains("DP-CTGAN's critic reads 180,000 features per row", e.Message);
        Assert.Contains("use coarser bins, fewer columns or a smaller batchSize", e.Message);
        Assert.Equal(0, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(File("ledger.db"))))!.EpsilonSpent);
        Assert.False(System.IO.File.Exists(File("syn.csv")));
    }

    [Fact]
    public async Task More_synthetic_cells_than_fit_in_memory_are_refused_before_the_charge()
    {
        var ledger = await LedgerAsync(2);
        var request = Request(1) with { Options = new SynthesisOptions { Mechanism = "mst", Epsilon = 1, Delta = 1e-9, Rows = 6_000_000 } };
        var e = await Assert.ThrowsAsync<InvalidOptionException>(() => SynthesisRun.RunAsync(request, new SeededRandomForTests(1)));
        Assert.Contains("6,000,000 rows of 9 columns are 54,000,000 synthetic cells; at most 50,000,000 (held in memory): ask for at most 5,555,555 rows", e.Message);
        Assert.Equal(0, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(File("ledger.db"))))!.EpsilonSpent);
        // Without a count the DP estimate of the size is capped the same way.
        Assert.Equal(5_555_555, Synthesizer.RowsToSample(new SynthesisOptions { Mechanism = "mst", Epsilon = 1, Delta = 1e-9 }, 1e9, 9));
        Assert.Equal(30_162, Synthesizer.RowsToSample(new SynthesisOptions { Mechanism = "mst", Epsilon = 1, Delta = 1e-9 }, 30_161.6, 9));
    }

    [Fact]
    public async Task Charged_is_called_once_after_the_charge_and_before_the_input_is_read()
    {
        // The callback empties the input: had the rows been read before it, the run would succeed.
        var ledger = await LedgerAsync(2);
        System.IO.File.Copy(TestData.Adult("adult.csv"), File("input.csv"));
        var calls = new List<LedgerEntry>();
        var request = Request(1) with
        {
            Input = File("input.csv"),
            Charged = entry =>
            {
                calls.Add(entry);
                System.IO.File.WriteAllText(File("input.csv"), "\"broken");
                return Task.CompletedTask;
            },
        };
        var e = await Assert.ThrowsAsync<Sanitas.Data.SanitasDataException>(() => SynthesisRun.RunAsync(request, new SeededRandomForTests(1)));
        Assert.Equal(SynthesisRun.FailedAfterCharge, e.Message);
        var entry = Assert.Single(calls);
        Assert.Equal((1.0, 1e-9), (entry.Epsilon, entry.Delta));
        Assert.Equal(1, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(File("ledger.db"))))!.EpsilonSpent, 12);
    }
}
