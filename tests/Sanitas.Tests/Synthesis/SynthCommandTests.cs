using System.Text.Json;
using Sanitas.Tests.Cli;

namespace Sanitas.Tests.Synthesis;

public sealed class SynthCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sanitas-synth-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    private static string Clinical(string file) => Path.Combine(TestData.RepositoryRoot, "samples", "clinical", file);

    [Fact]
    public void Synth_then_evaluate_the_trial_patients()
    {
        var (code, output, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--epsilon", "2", "--delta", "1e-6", "--rows", "60", "--out", File("syn.csv"), "--report", File("log.json"), "--no-ledger");
        Assert.True(code == 0, error);
        Assert.Contains("60 synthetic rows", output);
        Assert.Equal("BirthDate,Sex,Zip,DiabetesType,Disease,NeuropathyScore", System.IO.File.ReadLines(File("syn.csv")).First());
        (code, output, error) = CliRunner.Run("synth", "evaluate", "--real", Clinical("patients.csv"), "--synthetic", File("syn.csv"),
            "--config", Clinical("patients-synth.yaml"), "--target", "Sex", "--report", File("eval.json"), "--html", File("eval.html"));
        Assert.True(code == 0, error);
        Assert.Contains("data owner only", output);
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File("eval.json")));
        Assert.InRange(json.RootElement.GetProperty("tvd").GetProperty("twoWay").GetDouble(), 0, 1);
    }

    [Fact]
    public void Privbayes_runs_from_the_command_line_with_its_options()
    {
        var (code, output, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "privbayes", "--max-parents", "2", "--epsilon", "2", "--delta", "1e-6", "--rows", "50", "--out", File("pb.csv"),
            "--report", File("pb.json"), "--no-ledger");
        Assert.True(code == 0, error);
        Assert.Contains("privbayes: 50 synthetic rows", output);
        using var log = JsonDocument.Parse(System.IO.File.ReadAllText(File("pb.json")));
        Assert.Equal("privbayes", log.RootElement.GetProperty("mechanism").GetString());
        // Six columns: five network choices and six noisy joints, each of at most three columns (two parents).
        var steps = log.RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(5, steps.Count(s => s.GetProperty("kind").GetString() == "select"));
        Assert.Equal(6, steps.Count(s => s.GetProperty("kind").GetString() == "measure"));
        Assert.All(steps, s => Assert.InRange(s.GetProperty("attributes").GetArrayLength(), 1, 3));
        (code, _, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "privbayes", "--theta", "0", "--epsilon", "1", "--out", File("pb2.csv"), "--no-ledger");
        Assert.Equal(2, code);
        Assert.Contains("θ", error);
    }

    [Fact]
    public void Round_log_writes_one_line_per_aim_round()
    {
        var (code, _, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "aim", "--workload-degree", "2", "--epsilon", "2", "--delta", "1e-6", "--rows", "50", "--out", File("aim.csv"),
            "--report", File("aim.json"), "--round-log", File("rounds.txt"), "--no-ledger");
        Assert.True(code == 0, error);
        var lines = System.IO.File.ReadAllLines(File("rounds.txt"));
        Assert.NotEmpty(lines);
        Assert.All(lines.Select((l, i) => (l, i)), p => Assert.StartsWith($"AIM round {p.i + 1}: measured ", p.l));
        // One round per selection of the privacy log, each naming the marginal that selection chose.
        using var log = JsonDocument.Parse(System.IO.File.ReadAllText(File("aim.json")));
        var selected = log.RootElement.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "select")
            .Select(s => string.Join(" × ", s.GetProperty("attributes").EnumerateArray().Select(a => a.GetString()))).ToList();
        Assert.Equal(selected.Count, lines.Length);
        Assert.All(selected.Zip(lines), p => Assert.Contains($"measured {p.First} (", p.Second));
    }

    [Fact]
    public void Round_log_is_refused_before_the_charge_for_other_mechanisms_and_missing_folders()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", File("l.db"), "--analyst", "ann", "--epsilon", "5", "--delta", "1e-6").ExitCode);
        var (code, _, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "mst", "--epsilon", "1", "--out", File("mst.csv"), "--round-log", File("rounds.txt"), "--ledger", File("l.db"), "--analyst", "ann");
        Assert.Equal(2, code);
        Assert.Contains("--round-log", error);
        (code, _, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "aim", "--epsilon", "1", "--out", File("aim.csv"), "--round-log", Path.Combine(_dir, "no", "rounds.txt"),
            "--ledger", File("l.db"), "--analyst", "ann");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);
        Assert.False(System.IO.File.Exists(File("mst.csv")) || System.IO.File.Exists(File("aim.csv")));
        // Nothing was charged: the whole budget is still there.
        var (_, remaining, _) = CliRunner.Run("budget", "show", "--db", File("l.db"), "--analyst", "ann");
        Assert.Contains("ε 0 spent of 5", remaining);
    }

    [Fact]
    public void Over_budget_exits_4_and_writes_nothing()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", File("l.db"), "--analyst", "bob", "--epsilon", "0.5", "--delta", "1e-6").ExitCode);
        var (code, _, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--epsilon", "1", "--delta", "1e-9", "--out", File("syn.csv"), "--ledger", File("l.db"), "--analyst", "bob");
        Assert.Equal(4, code);
        Assert.False(System.IO.File.Exists(File("syn.csv")));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_bad_config_exits_2_with_its_place()
    {
        System.IO.File.WriteAllText(File("bad.yaml"), "columns:\n  Sex: { type: integer, min: 1 }\n");
        var (code, _, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", File("bad.yaml"),
            "--epsilon", "1", "--out", File("syn.csv"), "--no-ledger");
        Assert.Equal(2, code);
        Assert.Contains("line 2", error);
    }
}
