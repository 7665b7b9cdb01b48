using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Learning;

/// <summary>
/// <c>sanitas experiment</c> reports ROC AUC and the majority-class baseline next to accuracy (issue 17 item 4):
/// with a skewed class balance every DP model can score the majority's accuracy, and only the baseline and AUC show it.
/// </summary>
public sealed class ExperimentBaselineTests
{
    private static readonly Table Pima = CsvReader.Read(SharedData.File("mlbench_PimaIndiansDiabetes.csv"));

    [Fact]
    public void Pima_reports_auc_and_the_majority_baseline_of_500_of_768()
    {
        var rows = ExperimentRunner.Run(Pima, new ExperimentOptions
        {
            Training = new TrainingOptions
            {
                Target = "diabetes",
                Model = "logistic",
                Bounds = PrivateTrainingTests.PimaBounds,
            },
            Mechanisms = ["none", "objective"],
            Epsilons = [0.01, 10],
            Folds = 10,
            Repeats = 2,
        }, new SeededRandomForTests(3));
        // 500 of Pima's 768 women are negative, so every training fold's majority is "neg": the baseline scores 500/768.
        var baseline = rows.Where(r => r.Mechanism == ExperimentRunner.MajorityBaseline).ToList();
        Assert.Equal(2, baseline.Count);
        Assert.All(baseline, b => Assert.Equal(500d / 768, b.Mean, 12));
        Assert.All(baseline, b => Assert.Equal(0.5, b.Auc));
        // The non-private logistic model ranks far better than chance (glm on Pima: AUC ≈ 0.83) and beats the baseline's accuracy.
        var none = rows.Single(r => r.Mechanism == "none" && r.Epsilon == 10);
        Assert.InRange(none.Auc!.Value, 0.80, 0.87);
        Assert.True(none.Mean > (500d / 768) + 0.08, $"accuracy {none.Mean}");
        // At ε = 0.01 objective perturbation is near chance: its AUC says so even where its accuracy sits near the baseline.
        var tiny = rows.Single(r => r.Mechanism == "objective" && r.Epsilon == 0.01);
        Assert.True(tiny.Auc < none.Auc - 0.1, $"AUC at ε = 0.01: {tiny.Auc} vs {none.Auc}");

        using var csv = new StringWriter();
        ExperimentRunner.WriteCsv(rows, csv);
        var lines = csv.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("majority-baseline,10,accuracy,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("none,10,auc,", StringComparison.Ordinal));
    }

    [Fact]
    public void Regression_reports_the_mean_baseline_and_no_auc()
    {
        var diabetes = CsvReader.Read(SharedData.File("sklearn_diabetes_raw.csv"));
        var rows = ExperimentRunner.Run(diabetes, new ExperimentOptions
        {
            Training = new TrainingOptions
            {
                Target = "target",
                Model = "linear",
                Features = ["bmi", "s5"],
            },
            Mechanisms = ["none"],
            Epsilons = [1],
            Folds = 5,
            Repeats = 1,
        }, new SeededRandomForTests(3));
        var baseline = rows.Single(r => r.Mechanism == ExperimentRunner.MeanBaseline);
        var none = rows.Single(r => r.Mechanism == "none");
        Assert.Null(none.Auc);
        // Predicting the training mean leaves about the target's variance (≈ 5,930); bmi and s5 explain close to half of it.
        Assert.InRange(baseline.Mean, 5500, 6500);
        Assert.True(none.Mean < 0.7 * baseline.Mean, $"{none.Mean} vs {baseline.Mean}");
    }
}
