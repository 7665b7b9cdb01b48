using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// Sweeps ε for several mechanisms with repeated k-fold cross-validation, as the study's Figure 4
/// does: the data owner's tool to choose a mechanism and ε. It is not itself differentially private
/// (it measures error on the real data) and charges no budget.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>The CSV header of the results.</summary>
    public const string CsvHeader = "mechanism,epsilon,metric,mean,std";

    /// <summary>The first line of every results file: a comment that labels it not private.</summary>
    public const string NotPrivateLabel = "# NOT PRIVATE: exact cross-validated errors on the data owner's data (sanitas experiment --not-private); do not release.";

    /// <summary>Runs the sweep.</summary>
    /// <param name="table">The data.</param>
    /// <param name="options">Mechanisms, ε values, folds, repeats.</param>
    /// <param name="random">The noise source of the fits.</param>
    /// <param name="progress">Progress in [0, 1].</param>
    /// <param name="ct">Cancels between fits.</param>
    /// <returns>One row per mechanism and ε, in the order asked.</returns>
    public static IReadOnlyList<ExperimentRow> Run(Table table, ExperimentOptions options, IRandomBits random, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        if (options.Mechanisms.Count == 0 || options.Epsilons.Count == 0)
        {
            throw new LearningException("An experiment needs at least one mechanism (`mechanisms`) and one ε (`epsilons`).");
        }
        foreach (var e in options.Epsilons)
        {
            if (!double.IsFinite(e) || e <= 0)
            {
                throw new LearningException($"`epsilons`: every ε must be a positive number, got {e.ToString(CultureInfo.InvariantCulture)}.");
            }
        }
        if (options.Folds < 2 || options.Repeats < 1)
        {
            throw new LearningException($"`folds` must be at least 2 and `repeats` at least 1, got {options.Folds} and {options.Repeats}.");
        }
        var trainers = options.Mechanisms.Distinct().Select(m => Trainer.Find(options.Training.Model, m, allowBaseline: true)).ToList();
        var anyPrivate = trainers.Any(t => t.IsPrivate || t.Mechanism == Trainer.EmpiricalBaseline);
        var columns = table.ColumnNames.ToList();
        foreach (var trainer in trainers.Where(t => t.IsPrivate))
        {
            Trainer.Validate(Options(options, trainer, options.Epsilons[0]), columns);
        }
        var reference = trainers.FirstOrDefault(t => t.IsPrivate) ?? trainers[0];
        var prepared = Trainer.Prepare(table, Options(options, reference, options.Epsilons[0]),
            reference with { IsPrivate = anyPrivate && reference.IsPrivate }, random);
        var data = prepared.Data;
        var classification = prepared.Target.Categories is not null;
        var metric = classification ? "accuracy" : "mse";
        var folds = Math.Min(options.Folds, data.Rows);
        // results[mechanism][ε][repeat]: the cross-validated metric.
        var sums = trainers.ToDictionary(t => t.Mechanism, _ => options.Epsilons.Select(_ => new double[options.Repeats]).ToArray());
        var aucs = trainers.ToDictionary(t => t.Mechanism, _ => options.Epsilons.Select(_ => new double[options.Repeats]).ToArray());
        // The baseline predicts, for every test row, the training fold's majority class (classification) or mean (regression).
        var baselineName = classification ? MajorityBaseline : MeanBaseline;
        var baselineValues = new double[options.Repeats];
        var total = (double)options.Repeats * folds;
        var done = 0;
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            var predictions = trainers.ToDictionary(t => t.Mechanism, _ => options.Epsilons.Select(_ => new double[data.Rows]).ToArray());
            var actual = new double[data.Rows];
            var baseline = new double[data.Rows];
            var k = 0;
            // Seeded per repeat so repeats are reproducible; the noise of every DP mechanism comes from the experiment's IRandomBits source.
            foreach (var (train, test) in CrossValidation.Splits(data.Rows, folds, options.Seed + repeat))
            {
                ct.ThrowIfCancellationRequested();
                var trainData = data.Subset(train);
                var testData = data.Subset(test);
                double guess;
                if (classification)
                {
                    var positives = 0;
                    for (var i = 0; i < trainData.Rows; i++)
                    {
                        positives += trainData.Y[i] >= 0.5 ? 1 : 0;
                    }
                    guess = positives * 2 > trainData.Rows ? 1 : 0;
                }
                else
                {
                    var sum = 0d;
                    for (var i = 0; i < trainData.Rows; i++)
                    {
                        sum += prepared.Target.Unscale(trainData.Y[i]);
                    }
                    guess = trainData.Rows == 0 ? 0 : sum / trainData.Rows;
                }
                for (var i = 0; i < test.Count; i++)
                {
                    actual[k + i] = classification ? testData.Y[i] : prepared.Target.Unscale(testData.Y[i]);
                    baseline[k + i] = guess;
                }
                foreach (var trainer in trainers)
                {
                    double[]? nonPrivate = null;
                    for (var e = 0; e < options.Epsilons.Count; e++)
                    {
                        ct.ThrowIfCancellationRequested();
                        double[] p;
                        if (!trainer.IsPrivate && trainer.Mechanism != Trainer.EmpiricalBaseline && nonPrivate is not null)
                        {
                            p = nonPrivate;
                        }
                        else
                        {
                            // The data owner's tool: n is the fold's exact row count (nothing here is released).
                            var context = new FitContext(options.Epsilons[e], trainer.UsesDelta ? options.Delta : 0, prepared.MaxRowsPerUnit,
                                options.Training.Regularization ?? trainer.DefaultRegularization, random, ct, trainData.Rows);
                            var fit = trainer.Fit(trainData, context);
                            var model = new TrainedModel(trainer.Model, trainer.Mechanism, prepared.Features, prepared.Target, fit.Weights, fit.NaiveBayes,
                                fit.Network, ModelRelease.NotPrivate());
                            p = model.Predict(testData);
                            nonPrivate = p;
                        }
                        p.CopyTo(predictions[trainer.Mechanism][e], k);
                    }
                }
                k += test.Count;
                progress?.Report(++done / total);
            }
            foreach (var trainer in trainers)
            {
                for (var e = 0; e < options.Epsilons.Count; e++)
                {
                    var p = predictions[trainer.Mechanism][e];
                    sums[trainer.Mechanism][e][repeat] = classification ? ModelMetrics.Accuracy(actual, p) : ModelMetrics.MeanSquaredError(actual, p);
                    aucs[trainer.Mechanism][e][repeat] = classification ? ModelMetrics.Auc(actual, p) : double.NaN;
                }
            }
            baselineValues[repeat] = classification ? ModelMetrics.Accuracy(actual, baseline) : ModelMetrics.MeanSquaredError(actual, baseline);
        }
        var rows = new List<ExperimentRow>();
        foreach (var trainer in trainers)
        {
            for (var e = 0; e < options.Epsilons.Count; e++)
            {
                var (mean, std) = MeanAndStd(sums[trainer.Mechanism][e]);
                var (auc, aucStd) = MeanAndStd(aucs[trainer.Mechanism][e]);
                rows.Add(new ExperimentRow(trainer.Mechanism, options.Epsilons[e], metric, mean, std)
                {
                    Auc = classification ? auc : null,
                    AucStd = classification ? aucStd : null,
                });
            }
        }
        var (baselineMean, baselineStd) = MeanAndStd(baselineValues);
        foreach (var epsilon in options.Epsilons)
        {
            // A constant prediction ranks no row above another: its AUC is ½ exactly.
            rows.Add(new ExperimentRow(baselineName, epsilon, metric, baselineMean, baselineStd) { Auc = classification ? 0.5 : null, AucStd = classification ? 0 : null });
        }
        return rows;
    }

    /// <summary>The mechanism name of the majority-class baseline rows (classification): every test row gets the training fold's majority class.</summary>
    public const string MajorityBaseline = "majority-baseline";

    /// <summary>The mechanism name of the mean baseline rows (regression): every test row gets the training fold's mean.</summary>
    public const string MeanBaseline = "mean-baseline";

    private static (double Mean, double Std) MeanAndStd(double[] values)
    {
        var mean = values.Average();
        var std = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
        return (mean, std);
    }

    /// <summary>Writes the results as CSV with the header <see cref="CsvHeader"/>.</summary>
    public static void WriteCsv(IEnumerable<ExperimentRow> rows, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(NotPrivateLabel + "\n");
        writer.Write(CsvHeader + "\n");
        foreach (var row in rows)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{row.Mechanism},{row.Epsilon:R},{row.Metric},{row.Mean:R},{row.Std:R}\n"));
        }
        foreach (var row in rows)
        {
            if (row.Auc is { } auc)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{row.Mechanism},{row.Epsilon:R},auc,{auc:R},{row.AucStd ?? 0:R}\n"));
            }
        }
    }

    private static TrainingOptions Options(ExperimentOptions options, ModelTrainer trainer, double epsilon) => options.Training with
    {
        Mechanism = trainer.Mechanism == Trainer.EmpiricalBaseline ? "none" : trainer.Mechanism,
        Epsilon = epsilon,
        Delta = trainer.UsesDelta ? options.Delta : 0,
        Folds = 0,
        AllowExperimental = true,
    };
}
