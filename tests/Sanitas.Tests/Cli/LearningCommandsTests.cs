using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Samples;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Cli;

public sealed class LearningCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-learning-").FullName;
    private readonly ClinicalTrialFiles _trial;
    private readonly string _bounds = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml");

    public LearningCommandsTests()
    {
        _trial = ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 60 }, _folder).GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name) => Path.Combine(_folder, name);

    private (int ExitCode, string Output, string Error) Train(double epsilon, string output, params string[] extra) =>
        CliRunner.Run(["train", "--input", _trial.PatientsCsv, "--target", "UlcerHistory", "--model", "logistic", "--features", "Age,Sex,DiabetesType,NeuropathyScore",
            "--mechanism", "output", "--epsilon", epsilon.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bounds", _bounds, "--out", output, .. extra]);

    private double Spent() =>
        JsonDocument.Parse(CliRunner.Run("budget", "show", "--db", _trial.Database, "--analyst", "alice", "--format", "json").Output).RootElement.GetProperty("epsilonSpent").GetDouble();

    [Fact]
    public void DP_training_charges_the_ledger_exactly_like_a_query_and_writes_the_model()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1").ExitCode);
        var (code, output, error) = Train(0.3, File("ulcer.json"), "--ledger", _trial.Database, "--analyst", "alice");
        Assert.True(code == 0, error);
        Assert.Contains("Charged ε = 0.3", output);
        Assert.Contains("n = ", output);
        Assert.Contains("(dp-estimate)", output);
        Assert.Equal(0.3, Spent(), 12);
        // A query on the same database draws on the same budget.
        var query = CliRunner.Run("query", "--db", _trial.Database, "--metadata", _trial.Metadata, "--analyst", "alice", "--epsilon", "0.5", "SELECT COUNT(*) FROM Patients");
        Assert.Equal(0, query.ExitCode);
        Assert.Equal(0.8, Spent(), 12);
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File("ulcer.json")));
        var root = json.RootElement;
        Assert.Equal("logistic", root.GetProperty("model").GetString());
        Assert.Equal("output", root.GetProperty("mechanism").GetString());
        Assert.Equal(0.3, root.GetProperty("epsilon").GetDouble(), 12);
        Assert.Equal(0, root.GetProperty("delta").GetDouble());
        Assert.True(root.GetProperty("private").GetBoolean());
        // The file holds only DP or public numbers: n is a DP estimate (charged as its own share), no exact row count, no metrics unless asked for.
        Assert.Equal("dp-estimate", root.GetProperty("rows").GetProperty("source").GetString());
        Assert.False(root.TryGetProperty("rowsUsed", out _));
        Assert.False(root.TryGetProperty("metrics", out _));
        var shares = root.GetProperty("privacy").GetProperty("shares").EnumerateArray().ToList();
        Assert.Equal(["model", "rows"], shares.Select(s => s.GetProperty("release").GetString()));
        Assert.Equal(0.27, shares[0].GetProperty("epsilon").GetDouble(), 12);
        Assert.Equal(0.03, shares[1].GetProperty("epsilon").GetDouble(), 12);
        Assert.True(root.GetProperty("coefficients").TryGetProperty("NeuropathyScore", out _));
        Assert.True(root.GetProperty("coefficients").TryGetProperty("Sex=male", out _));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("intercept").ValueKind);
    }

    [Fact]
    public void Over_budget_exits_4_writes_no_model_and_charges_nothing()
    {
        CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "0.2");
        var (code, output, error) = Train(0.5, File("m.json"), "--ledger", _trial.Database, "--analyst", "alice");
        Assert.Equal(ExitCodes.BudgetExceeded, code);
        Assert.Empty(output);
        Assert.Contains("Nothing was charged or released", error);
        Assert.False(System.IO.File.Exists(File("m.json")));
        Assert.Equal(0.0, Spent());
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void DP_training_without_a_ledger_needs_an_explicit_no_ledger()
    {
        var (code, _, error) = Train(1, File("m.json"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--no-ledger", error);
        Assert.False(System.IO.File.Exists(File("m.json")));
        var ok = Train(1, File("m.json"), "--no-ledger");
        Assert.True(ok.ExitCode == 0, ok.Error);
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File("m.json")));
        Assert.False(json.RootElement.TryGetProperty("metrics", out _));
        Assert.True(json.RootElement.GetProperty("private").GetBoolean());
    }

    [Fact]
    public void Missing_bounds_and_unavailable_models_exit_2_before_anything_is_charged()
    {
        CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "alice", "--epsilon", "1");
        var missing = CliRunner.Run("train", "--input", _trial.PatientsCsv, "--target", "UlcerHistory", "--model", "logistic", "--features", "Age,Zip",
            "--mechanism", "output", "--epsilon", "0.1", "--bounds", _bounds, "--ledger", _trial.Database, "--analyst", "alice", "--out", File("m.json"));
        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Contains("Unknown column 'Zip'", missing.Error);
        var unbounded = CliRunner.Run("train", "--input", _trial.PatientsCsv, "--target", "UlcerHistory", "--model", "logistic", "--features", "Age,Arm,BirthDate",
            "--mechanism", "output", "--epsilon", "0.1", "--bounds", _bounds, "--ledger", _trial.Database, "--analyst", "alice", "--out", File("m.json"));
        Assert.Equal(ExitCodes.InvalidInput, unbounded.ExitCode);
        Assert.Contains("Column 'BirthDate' is used by the model but has no bounds in trial-patients-bounds.yaml", unbounded.Error);
        var mlp = CliRunner.Run("train", "--input", _trial.PatientsCsv, "--target", "UlcerHistory", "--model", "mlp", "--mechanism", "output",
            "--epsilon", "1", "--bounds", _bounds, "--ledger", _trial.Database, "--analyst", "alice", "--out", File("m.json"));
        Assert.Equal(ExitCodes.InvalidInput, mlp.ExitCode);
        Assert.Contains("The mechanism 'output' does not apply to the mlp model; mechanisms for mlp: none, dpsgd", mlp.Error);
        Assert.Equal(0.0, Spent());
        Assert.False(System.IO.File.Exists(File("m.json")));
    }

    [Fact]
    public void Predict_applies_a_non_private_model_to_new_rows()
    {
        var diabetes = SharedData.File("sklearn_diabetes_raw.csv");
        var refused = CliRunner.Run("train", "--input", diabetes, "--target", "target", "--model", "linear", "--out", File("lm.json"));
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("--not-private", refused.Error);
        Assert.False(System.IO.File.Exists(File("lm.json")));
        var train = CliRunner.Run("train", "--input", diabetes, "--target", "target", "--model", "linear", "--not-private", "--out", File("lm.json"));
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("NOT PRIVATE", train.Output);
        Assert.Contains("mse", train.Output);
        var predict = CliRunner.Run("predict", "--model", File("lm.json"), "--input", diabetes, "--output", File("pred.csv"));
        Assert.True(predict.ExitCode == 0, predict.Error);
        var lines = System.IO.File.ReadAllLines(File("pred.csv"));
        Assert.Equal("prediction", lines[0]);
        Assert.Equal(443, lines.Length);
        // The first row's fitted value from R: fitted(lm(target ~ ., data))[1] = 206.1171 (age 59, bmi 32.1, ...).
        Assert.Equal(206.1171, double.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public void Experiment_writes_the_results_csv_and_an_svg_plot()
    {
        var bounds = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "readings-bounds.yaml");
        string[] args = ["experiment", "--input", _trial.ReadingsCsv, "--pivot-readings", "--target", "right_heel",
            "--features", "left_heel,right_hallux,right_metatarsal5", "--model", "linear", "--mechanisms", "none,output,functional,empirical-baseline-not-dp",
            "--epsilons", "0.1,10", "--bounds", bounds, "--unit", "PatientId", "--max-rows-per-unit", "8", "--folds", "3", "--repeats", "2",
            "--out", File("fig4.csv"), "--plot", File("fig4.svg")];
        var refused = CliRunner.Run(args);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("--not-private", refused.Error);
        Assert.False(System.IO.File.Exists(File("fig4.csv")));
        var (code, output, error) = CliRunner.Run([.. args, "--not-private"]);
        Assert.True(code == 0, error);
        Assert.Contains("functional", output);
        var lines = System.IO.File.ReadAllLines(File("fig4.csv"));
        Assert.StartsWith("# NOT PRIVATE", lines[0]);
        Assert.Equal("mechanism,epsilon,metric,mean,std", lines[1]);
        Assert.Equal(2 + (5 * 2), lines.Length); // four mechanisms and the mean baseline, at two ε
        Assert.Contains(lines, l => l.StartsWith("mean-baseline,10,mse,", StringComparison.Ordinal));
        Assert.StartsWith("none,0.1,mse,", lines[2]);
        var svg = System.IO.File.ReadAllText(File("fig4.svg"));
        Assert.StartsWith("<svg", svg);
        Assert.Equal(5, svg.Split("<polyline").Length - 1);
        Assert.Contains("empirical-baseline-not-dp", svg);
    }
}
