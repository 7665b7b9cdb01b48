using System.Text.Json;
using Sanitas.Samples;

namespace Sanitas.Tests.Cli;

public sealed class TrainDpSgdCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-dpsgd-").FullName;
    private readonly ClinicalTrialFiles _trial;
    private readonly string _bounds = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml");

    public TrainDpSgdCommandTests()
    {
        _trial = ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 120 }, _folder).GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Train_logistic_dpsgd_charges_epsilon_and_delta_to_the_ledger_and_writes_the_model()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "3", "--delta", "1e-4").ExitCode);
        var model = Path.Combine(_folder, "ulcer-dpsgd.json");
        var run = CliRunner.Run("train", "--input", _trial.PatientsCsv, "--target", "UlcerHistory", "--model", "logistic",
            "--features", "Age,Sex,DiabetesType,NeuropathyScore", "--mechanism", "dpsgd", "--epsilon", "2", "--delta", "1e-5", "--allow-experimental",
            "--bounds", _bounds, "--ledger", _trial.Database, "--analyst", "alice", "--out", model);
        Assert.True(run.ExitCode == 0, run.Error);
        using (var json = JsonDocument.Parse(File.ReadAllText(model)))
        {
            Assert.Equal("dpsgd", json.RootElement.GetProperty("mechanism").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("epsilon").GetDouble(), 12);
            Assert.Equal(1e-5, json.RootElement.GetProperty("delta").GetDouble());
            Assert.True(json.RootElement.TryGetProperty("coefficients", out _));
        }
        using var budget = JsonDocument.Parse(CliRunner.Run("budget", "show", "--db", _trial.Database, "--analyst", "alice", "--format", "json").Output);
        Assert.Equal(2, budget.RootElement.GetProperty("epsilonSpent").GetDouble(), 12);
        Assert.Equal(1e-5, budget.RootElement.GetProperty("deltaSpent").GetDouble(), 15);
    }

    [Fact]
    public void Over_budget_dpsgd_writes_no_model()
    {
        CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1", "--delta", "1e-4");
        var model = Path.Combine(_folder, "m.json");
        var run = CliRunner.Run("train", "--input", _trial.PatientsCsv, "--target", "UlcerHistory", "--model", "logistic",
            "--features", "Age,Sex,DiabetesType,NeuropathyScore", "--mechanism", "dpsgd", "--epsilon", "2", "--delta", "1e-5", "--allow-experimental",
            "--bounds", _bounds, "--ledger", _trial.Database, "--analyst", "alice", "--out", model);
        Assert.Equal(4, run.ExitCode);
        Assert.False(File.Exists(model));
    }
}
