using System.Text.Json;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Support;

namespace Sanitas.Tests.Synthesis.Gan;

public sealed class DpCtganCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sanitas-dpctgan-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    private static string Clinical(string file) => Path.Combine(TestData.RepositoryRoot, "samples", "clinical", file);

    [Fact]
    public void Synth_dpctgan_writes_the_table_and_a_log_whose_accountant_epsilon_is_within_the_charge()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", File("l.db"), "--analyst", "ann", "--epsilon", "3", "--delta", "1e-6").ExitCode);
        var (code, output, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "dpctgan", "--epsilon", "2", "--delta", "1e-6", "--rows", "50", "--steps", "20", "--batch-size", "32",
            "--out", File("syn.csv"), "--report", File("log.json"), "--ledger", File("l.db"), "--analyst", "ann");
        Assert.True(code == 0, error);
        Assert.Contains("50 synthetic rows", output);
        Assert.Contains("DP-SGD: 20 discriminator steps", output);
        Assert.Contains("Charged ε = 2", output);
        Assert.Equal(51, System.IO.File.ReadLines(File("syn.csv")).Count());
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File("log.json")));
        var dpsgd = json.RootElement.GetProperty("dpsgd");
        Assert.Equal(20, dpsgd.GetProperty("steps").GetInt64());
        Assert.InRange(dpsgd.GetProperty("epsilon").GetDouble(), 0, 2);
        Assert.True(dpsgd.GetProperty("noiseMultiplier").GetDouble() > 0);
    }

    [Fact]
    public void A_bad_dpctgan_option_exits_2_before_anything_is_charged_or_written()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", File("l.db"), "--analyst", "ann", "--epsilon", "3", "--delta", "1e-6").ExitCode);
        var (code, _, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "dpctgan", "--epsilon", "2", "--delta", "1e-6", "--batch-size", "0",
            "--out", File("syn.csv"), "--ledger", File("l.db"), "--analyst", "ann");
        Assert.Equal(2, code);
        Assert.Contains("batch-size", error);
        Assert.False(System.IO.File.Exists(File("syn.csv")));
        // The whole budget is still there: a run of ε = 3 fits.
        (code, _, error) = CliRunner.Run("synth", "--input", Clinical("patients.csv"), "--config", Clinical("patients-synth.yaml"),
            "--mechanism", "dpctgan", "--epsilon", "3", "--delta", "1e-6", "--steps", "2", "--out", File("syn.csv"), "--ledger", File("l.db"), "--analyst", "ann");
        Assert.True(code == 0, error);
    }
}
