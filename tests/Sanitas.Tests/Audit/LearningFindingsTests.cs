using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Samples;
using Sanitas.Tests.Cli;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Regression tests for the learning findings of the privacy-hardening issue, played as the hostile
/// analyst played them on <c>sanitas sample clinical-trial</c>: (4) exact cross-validated metrics and
/// row counts in a DP model file; (5) values and row numbers echoed in errors after the charge. Plus
/// the rules that close them: every number of a DP model file is DP or public and says so, the ledger
/// is charged exactly the composed cost written in the file, not-private and experimental runs need
/// explicit flags, and everything that can fail fails before the charge.
/// </summary>
public sealed class LearningFindingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-learning-audit-").FullName;
    private readonly ClinicalTrialFiles _trial;

    public LearningFindingsTests()
    {
        _trial = ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 60 }, _folder).GetAwaiter().GetResult();
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", _trial.Database, "--analyst", "mallory", "--epsilon", "10", "--delta", "1e-4").ExitCode);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name) => Path.Combine(_folder, name);

    private string Bounds(string text)
    {
        var path = File($"bounds-{Guid.NewGuid():N}.yaml");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private (int ExitCode, string Output, string Error) Train(string input, string bounds, string features, string output, params string[] extra) =>
        CliRunner.Run(["train", "--input", input, "--target", "UlcerHistory", "--model", "logistic", "--features", features,
            "--bounds", bounds, "--ledger", _trial.Database, "--analyst", "mallory", "--out", output, .. extra]);

    private double Spent() =>
        JsonDocument.Parse(CliRunner.Run("budget", "show", "--db", _trial.Database, "--analyst", "mallory", "--format", "json").Output).RootElement.GetProperty("epsilonSpent").GetDouble();

    [Fact]
    public void Finding_4_a_constant_feature_no_longer_turns_accuracy_times_n_into_the_exact_count_of_positives()
    {
        // The attack: Age bounded to [0, 1] is constant after clamping, so a model predicts one class and its
        // exact accuracy × n is the exact count of that class. Cross-validation on private rows is refused before the charge.
        var bounds = Bounds("Age: [0, 1]\nUlcerHistory: { categories: [0, 1] }\n");
        var folds = Train(_trial.PatientsCsv, bounds, "Age", File("cv.json"), "--mechanism", "output", "--epsilon", "0.001", "--folds", "5");
        Assert.Equal(ExitCodes.InvalidInput, folds.ExitCode);
        Assert.Contains("not DP", folds.Error);
        Assert.Equal(0, Spent());
        Assert.False(System.IO.File.Exists(File("cv.json")));

        // What the analyst can get: no metrics and no row count beyond DP ones, each charged and labelled.
        var run = Train(_trial.PatientsCsv, bounds, "Age", File("m.json"), "--mechanism", "output", "--epsilon", "0.001", "--metrics-epsilon", "0.0005");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File("m.json")));
        var root = json.RootElement;
        Assert.True(root.GetProperty("private").GetBoolean());
        Assert.False(root.TryGetProperty("rowsUsed", out _));
        Assert.Equal("dp-estimate", root.GetProperty("rows").GetProperty("source").GetString());
        var metrics = root.GetProperty("metrics");
        Assert.Equal("dp-holdout", metrics.GetProperty("source").GetString());
        Assert.Equal(["noisyHoldoutRows", "noisyCorrect", "accuracy"], metrics.GetProperty("values").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("auc", metrics.GetProperty("values").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["model", "rows", "metrics"], root.GetProperty("privacy").GetProperty("shares").EnumerateArray().Select(s => s.GetProperty("release").GetString()));
        // The top level holds nothing else than these labelled parts, the declared missing-value policy and the model's parameters.
        Assert.Equal(
            ["model", "mechanism", "private", "privacy", "epsilon", "delta", "coefficients", "intercept", "rows", "metrics", "missing", "target", "features", "weights"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["policy"], root.GetProperty("missing").EnumerateObject().Select(p => p.Name));
        // Noise scaled to ε = 0.00025 on the counts: two runs on the same data disagree.
        var again = Train(_trial.PatientsCsv, bounds, "Age", File("m2.json"), "--mechanism", "output", "--epsilon", "0.001", "--metrics-epsilon", "0.0005");
        Assert.True(again.ExitCode == 0, again.Error);
        using var json2 = JsonDocument.Parse(System.IO.File.ReadAllText(File("m2.json")));
        Assert.NotEqual(
            metrics.GetProperty("values").GetProperty("noisyCorrect").GetDouble(),
            json2.RootElement.GetProperty("metrics").GetProperty("values").GetProperty("noisyCorrect").GetDouble());
    }

    [Fact]
    public void Finding_5_values_outside_the_declared_categories_are_mapped_and_never_echoed_after_the_charge()
    {
        // Bounds that match no real disease: before, "row 1: the value 'Macroangiopathy' is not one of the declared categories".
        var bounds = Bounds("Disease: [Zzz, Yyy]\nUlcerHistory: { categories: [0, 1] }\n");
        var run = Train(_trial.PatientsCsv, bounds, "Disease", File("d.json"), "--mechanism", "objective", "--epsilon", "0.001");
        Assert.True(run.ExitCode == 0, run.Error);
        var everything = run.Output + run.Error + System.IO.File.ReadAllText(File("d.json"));
        foreach (var disease in new[] { "Macroangiopathy", "Ulcer\"", "Gait", "Fasciitis", "Angiopathy", "Arthrosis", "row " })
        {
            Assert.DoesNotContain(disease, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Finding_5_a_non_number_in_a_numeric_column_is_mapped_and_never_echoed_after_the_charge()
    {
        var lines = System.IO.File.ReadAllLines(_trial.PatientsCsv);
        var header = lines[0].Split(',');
        var age = Array.IndexOf(header, "Age");
        var cells = lines[5].Split(',');
        cells[age] = "SECRET-137";
        lines[5] = string.Join(',', cells);
        var poisoned = File("poisoned.csv");
        System.IO.File.WriteAllLines(poisoned, lines);
        var bounds = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml");
        var run = Train(poisoned, bounds, "Age,Sex", File("a.json"), "--mechanism", "functional", "--epsilon", "0.001");
        Assert.True(run.ExitCode == 0, run.Error);
        var everything = run.Output + run.Error + System.IO.File.ReadAllText(File("a.json"));
        Assert.DoesNotContain("SECRET", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("row 5", everything, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_breaks_after_the_charge_gives_one_fixed_sentence_without_rows_or_values()
    {
        // A ragged row deep in the file: the header passes every check, the charge is made, the reader fails.
        var lines = System.IO.File.ReadAllLines(_trial.PatientsCsv).ToList();
        lines[40] += ",SECRET-42,extra";
        var broken = File("broken.csv");
        System.IO.File.WriteAllLines(broken, lines);
        var bounds = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml");
        var run = Train(broken, bounds, "Age,Sex", File("b.json"), "--mechanism", "functional", "--epsilon", "0.01");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("error: " + TrainingRun.FailedAfterCharge, run.Error.Trim());
        Assert.Equal(0.01, Spent(), 12);
        Assert.False(System.IO.File.Exists(File("b.json")));
    }

    [Fact]
    public void Everything_that_can_fail_fails_before_the_charge_on_metadata_alone()
    {
        var good = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml");
        (string Bounds, string Features, string[] Extra, string Message)[] cases =
        [
            (good, "Age,Zip", ["--mechanism", "output", "--epsilon", "1"], "Unknown column 'Zip'"),
            (good, "Age,BirthDate", ["--mechanism", "output", "--epsilon", "1"], "has no bounds"),
            (Bounds("Age: [18, 100]\nUlcerHistory: [0, 1]\n"), "Age", ["--mechanism", "output", "--epsilon", "1"], "needs its classes declared"),
            (Bounds("Age: [18, 100]\nUlcerHistory: [a, b, c]\n"), "Age", ["--mechanism", "output", "--epsilon", "1"], "exactly two classes"),
            (good, "Age", ["--mechanism", "output", "--epsilon", "1", "--metrics-epsilon", "0.95"], "leaves nothing for the model"),
            (good, "Age", ["--mechanism", "functional", "--epsilon", "1", "--rows-epsilon", "0.1"], "does not use n"),
            (good, "Age", ["--mechanism", "dpsgd", "--epsilon", "1", "--delta", "1e-5"], "--allow-experimental"),
            (good, "Age", ["--mechanism", "output", "--epsilon", "1", "--not-private"], "contradicts"),
            (good, "Age", ["--mechanism", "output", "--epsilon", "1", "--test", File("missing-test.csv")], "missing-test.csv"),
        ];
        foreach (var (bounds, features, extra, message) in cases)
        {
            var run = Train(_trial.PatientsCsv, bounds, features, File("x.json"), extra);
            Assert.True(run.ExitCode == ExitCodes.InvalidInput, $"{string.Join(' ', extra)}: exit {run.ExitCode}, {run.Error}");
            Assert.Contains(message, run.Error);
        }
        Assert.Equal(0, Spent());
        Assert.False(System.IO.File.Exists(File("x.json")));
    }

    [Fact]
    public void The_ledger_is_charged_exactly_the_composed_cost_written_in_the_model_file()
    {
        var bounds = Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml");
        var run = Train(_trial.PatientsCsv, bounds, "Age,Sex,DiabetesType,NeuropathyScore", File("c.json"),
            "--mechanism", "objective", "--epsilon", "0.7", "--rows-epsilon", "0.07", "--metrics-epsilon", "0.2");
        Assert.True(run.ExitCode == 0, run.Error);
        var model = ModelFile.Load(File("c.json"));
        var composed = Assert.IsType<PureDp>(PrivacyComposition.Sequential([.. model.Release.Shares.Select(s => s.Cost)]));
        Assert.Equal(composed, model.Release.Cost);
        Assert.Equal(composed.Epsilon, Spent());
        Assert.Equal(0.7, composed.Epsilon, 12);
        Assert.Equal([0.43, 0.07, 0.2], model.Release.Shares.Select(s => Math.Round(((PureDp)s.Cost).Epsilon, 12)));

        // An (ε, δ) run: the pure shares are converted and composed with the model's (ε, δ).
        var adassp = CliRunner.Run("train", "--input", _trial.PatientsCsv, "--target", "NeuropathyScore", "--model", "linear", "--features", "Age,Sex",
            "--bounds", bounds, "--mechanism", "adassp", "--epsilon", "1", "--delta", "1e-5", "--metrics-epsilon", "0.3", "--allow-experimental",
            "--ledger", _trial.Database, "--analyst", "mallory", "--out", File("l.json"));
        Assert.True(adassp.ExitCode == 0, adassp.Error);
        var linear = ModelFile.Load(File("l.json"));
        var total = Assert.IsType<ApproximateDp>(linear.Release.Cost);
        Assert.Equal(PrivacyComposition.Sequential([.. linear.Release.Shares.Select(s => s.Cost)]), total);
        Assert.Equal(composed.Epsilon + total.Epsilon, Spent());
        Assert.Contains(linear.Release.Experimental, e => e.StartsWith(PrivacyExperiments.AnalyticGaussianOnDiscreteNoise, StringComparison.Ordinal));
        Assert.Contains("Experimental: SAN0001", adassp.Output);
        Assert.Equal(MetricsReport.DpHoldout, linear.Release.Metrics!.Source);
        Assert.True(linear.Metrics.ContainsKey("mse"));
        Assert.Null(linear.Release.Rows); // AdaSSP does not use n
    }

    [Fact]
    public async Task A_public_test_set_gives_exact_metrics_labelled_as_such_and_a_declared_public_n_is_used_as_is()
    {
        var test = File("test.csv");
        await ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 40, Seed = 7 }, Path.Combine(_folder, "public"));
        System.IO.File.Copy(Path.Combine(_folder, "public", "patients.csv"), test);
        var bounds = Bounds(System.IO.File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-patients-bounds.yaml")) + "public-rows: 60\n");
        var run = Train(_trial.PatientsCsv, bounds, "Age,Sex,DiabetesType,NeuropathyScore", File("t.json"),
            "--mechanism", "output", "--epsilon", "0.5", "--test", test);
        Assert.True(run.ExitCode == 0, run.Error);
        var model = ModelFile.Load(File("t.json"));
        Assert.Equal(new RowCount(60, RowCount.DeclaredPublic), model.Release.Rows);
        Assert.Equal(MetricsReport.TestSet, model.Release.Metrics!.Source);
        Assert.Equal(40, model.Metrics["rows"]);
        Assert.InRange(model.Metrics["accuracy"], 0, 1);
        Assert.Equal(["model"], model.Release.Shares.Select(s => s.Release));
        Assert.Equal(0.5, Spent(), 12);
    }
}
