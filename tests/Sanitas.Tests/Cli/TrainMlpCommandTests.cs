using System.Globalization;
using System.Text.Json;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Samples;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Cli;

public sealed class TrainMlpCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-mlp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Train_mlp_on_Pima_writes_the_network_and_predict_reproduces_its_predictions()
    {
        var pima = SharedData.File("mlbench_PimaIndiansDiabetes.csv");
        var run = CliRunner.Run("train", "--input", pima, "--target", "diabetes", "--model", "mlp", "--not-private", "--out", File("pima-mlp.json"));
        Assert.True(run.ExitCode == 0, run.Error);
        using (var json = JsonDocument.Parse(System.IO.File.ReadAllText(File("pima-mlp.json"))))
        {
            var root = json.RootElement;
            Assert.Equal("mlp", root.GetProperty("model").GetString());
            Assert.Equal("none", root.GetProperty("mechanism").GetString());
            Assert.Empty(root.GetProperty("coefficients").EnumerateObject());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("intercept").ValueKind);
            // Published accuracies on Pima are about 0.74–0.78 (logistic regression ≈ 0.77 in
            // 10-fold CV, e.g. Smith et al. 1988 report 0.76 with ADAP); a small MLP lands in that band.
            Assert.False(root.GetProperty("private").GetBoolean());
            Assert.Contains("NOT PRIVATE", root.GetProperty("notPrivate").GetString());
            Assert.Equal("cross-validation-not-private", root.GetProperty("metrics").GetProperty("source").GetString());
            Assert.InRange(root.GetProperty("metrics").GetProperty("values").GetProperty("accuracy").GetDouble(), 0.68, 0.82);
            Assert.InRange(root.GetProperty("metrics").GetProperty("values").GetProperty("auc").GetDouble(), 0.75, 0.90);
            var network = root.GetProperty("network");
            Assert.Equal([8, 16, 1], network.GetProperty("layerSizes").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal("relu", network.GetProperty("activation").GetString());
            Assert.Equal((8 * 16) + 16 + 16 + 1, network.GetProperty("parameters").GetArrayLength());
            Assert.Equal(8, root.GetProperty("features").GetArrayLength());
        }
        var predict = CliRunner.Run("predict", "--model", File("pima-mlp.json"), "--input", pima, "--output", File("pred.csv"));
        Assert.True(predict.ExitCode == 0, predict.Error);
        var lines = System.IO.File.ReadAllLines(File("pred.csv"));
        Assert.Equal(769, lines.Length);
        // The file's predictions equal the in-memory model's (same network, same encoding).
        var table = CsvReader.Read(pima);
        var inMemory = ModelFile.Load(File("pima-mlp.json")).Predict(table);
        var probabilityColumn = Array.IndexOf(lines[0].Split(','), "probability");
        Assert.True(probabilityColumn >= 0, lines[0]);
        for (var i = 0; i < inMemory.Length; i++)
        {
            Assert.Equal(inMemory[i], double.Parse(lines[i + 1].Split(',')[probabilityColumn], CultureInfo.InvariantCulture), 12);
        }
        // Training accuracy of the written network on Pima.
        var correct = inMemory.Select((p, i) => (p >= 0.5 ? "pos" : "neg") == table["diabetes"][i]).Count(b => b);
        Assert.InRange(correct / 768.0, 0.72, 0.95);
    }

    [Fact]
    public async Task Train_mlp_dpsgd_charges_epsilon_and_delta_and_over_budget_writes_no_model()
    {
        var trial = await ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 120 }, _folder);
        var bounds = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml");
        string[] Args(string output) => ["train", "--input", trial.PatientsCsv, "--target", "UlcerHistory", "--model", "mlp",
            "--features", "Age,Sex,DiabetesType,NeuropathyScore", "--mechanism", "dpsgd", "--epsilon", "2", "--delta", "1e-5", "--allow-experimental",
            "--bounds", bounds, "--ledger", trial.Database, "--analyst", "alice", "--out", output];
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", trial.Database, "--analyst", "alice", "--epsilon", "3", "--delta", "1e-4").ExitCode);
        var run = CliRunner.Run(Args(File("ulcer-mlp.json")));
        Assert.True(run.ExitCode == 0, run.Error);
        using (var json = JsonDocument.Parse(System.IO.File.ReadAllText(File("ulcer-mlp.json"))))
        {
            Assert.Equal("dpsgd", json.RootElement.GetProperty("mechanism").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("epsilon").GetDouble(), 12);
            Assert.Equal(1e-5, json.RootElement.GetProperty("delta").GetDouble());
            Assert.True(json.RootElement.TryGetProperty("network", out _));
        }
        using (var budget = JsonDocument.Parse(CliRunner.Run("budget", "show", "--db", trial.Database, "--analyst", "alice", "--format", "json").Output))
        {
            Assert.Equal(2, budget.RootElement.GetProperty("epsilonSpent").GetDouble(), 12);
            Assert.Equal(1e-5, budget.RootElement.GetProperty("deltaSpent").GetDouble(), 15);
        }
        // 1 of 3 left: a second ε = 2 run is refused, writes nothing and charges nothing.
        var over = CliRunner.Run(Args(File("again.json")));
        Assert.Equal(4, over.ExitCode);
        Assert.False(System.IO.File.Exists(File("again.json")));
        using var after = JsonDocument.Parse(CliRunner.Run("budget", "show", "--db", trial.Database, "--analyst", "alice", "--format", "json").Output);
        Assert.Equal(2, after.RootElement.GetProperty("epsilonSpent").GetDouble(), 12);
    }
}
