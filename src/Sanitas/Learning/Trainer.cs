using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// Trains a model with the mechanism asked for: validates the request against the column names
/// and bounds (before anything is charged), bounds each person's rows, encodes, optionally
/// cross-validates, and fits. The (model, mechanism) pairs live in <see cref="Trainers"/>.
/// </summary>
public static class Trainer
{
    /// <summary>The model names this toolkit knows.</summary>
    public static IReadOnlyList<string> Models { get; } = ["linear", "logistic", "naive-bayes", "mlp"];

    /// <summary>The mechanism names this toolkit knows.</summary>
    public static IReadOnlyList<string> Mechanisms { get; } = ["none", "output", "functional", "objective", "adassp", "dpsgd"];

    /// <summary>The name of the non-private baseline the study used; accepted only by experiments.</summary>
    public const string EmpiricalBaseline = "empirical-baseline-not-dp";

    /// <summary>
    /// The (model, mechanism) pairs this build offers. A known pair that is missing
    /// is reported as not available in this build.
    /// </summary>
    internal static Dictionary<(string Model, string Mechanism), ModelTrainer> Trainers { get; } = new()
    {
        [("linear", "none")] = new("linear", "none", false, false, null, 0, LinearMechanisms.Ordinary),
        [("linear", "output")] = new("linear", "output", true, false, null, 0.1, LinearMechanisms.OutputPerturbation),
        [("linear", "functional")] = new("linear", "functional", true, false, null, 0, LinearMechanisms.FunctionalMechanism),
        [("linear", "adassp")] = new("linear", "adassp", true, true, null, 0, LinearMechanisms.AdaSsp),
        [("logistic", "none")] = new("logistic", "none", false, false, null, 0, LogisticMechanisms.Ordinary),
        [("logistic", "output")] = new("logistic", "output", true, false, null, 0.003, LogisticMechanisms.OutputPerturbation),
        [("logistic", "objective")] = new("logistic", "objective", true, false, 1, 0.001, LogisticMechanisms.ObjectivePerturbation),
        [("logistic", "functional")] = new("logistic", "functional", true, false, null, 0, LogisticMechanisms.FunctionalMechanism),
        [("logistic", "dpsgd")] = new("logistic", "dpsgd", true, true, 1, 0, DpSgd.DpSgdMechanisms.Logistic),
        [("mlp", "none")] = new("mlp", "none", false, false, null, 0, MlpMechanisms.Ordinary),
        [("mlp", "dpsgd")] = new("mlp", "dpsgd", true, true, 1, 0, DpSgd.DpSgdMechanisms.Mlp),
        [("naive-bayes", "none")] = new("naive-bayes", "none", false, false, null, 0, NaiveBayesMechanisms.Ordinary),
        [("naive-bayes", "output")] = new("naive-bayes", "output", true, false, null, 0, NaiveBayesMechanisms.Private),
    };

    /// <summary>The non-DP baseline of experiments; never offered by <see cref="Train"/>.</summary>
    internal static ModelTrainer EmpiricalBaselineTrainer { get; } =
        new("linear", EmpiricalBaseline, false, false, null, 0, LinearMechanisms.EmpiricalBaselineNotDp);

    /// <summary>The trainer of a pair, or a clear error: unknown name, not available in this build, or not DP.</summary>
    internal static ModelTrainer Find(string model, string mechanism, bool allowBaseline = false)
    {
        if (mechanism == EmpiricalBaseline)
        {
            if (!allowBaseline)
            {
                throw new LearningException($"'{EmpiricalBaseline}' is not differentially private (its sensitivity is measured on the private data); it is only a labelled baseline of 'sanitas experiment', never a training mechanism.");
            }
            return model == "linear"
                ? EmpiricalBaselineTrainer
                : throw new LearningException($"'{EmpiricalBaseline}' is only defined for the linear model.");
        }
        if (!Models.Contains(model))
        {
            throw new LearningException($"Unknown model '{model}'; expected one of: {string.Join(", ", Models)}.");
        }
        if (!Mechanisms.Contains(mechanism))
        {
            throw new LearningException($"Unknown mechanism '{mechanism}'; expected one of: {string.Join(", ", Mechanisms)}.");
        }
        if (Trainers.TryGetValue((model, mechanism), out var trainer))
        {
            return trainer;
        }
        var offered = Trainers.Keys.Where(k => k.Model == model).Select(k => k.Mechanism).ToList();
        return offered.Count == 0 || mechanism == "dpsgd"
            ? throw new LearningException($"--model {model} --mechanism {mechanism} is not available in this build." + (offered.Count > 0 ? $" Mechanisms for {model}: {string.Join(", ", offered)}." : ""))
            : throw new LearningException($"The mechanism '{mechanism}' does not apply to the {model} model; mechanisms for {model}: {string.Join(", ", offered)}.");
    }

    /// <summary>Whether the pair is differentially private (so it needs bounds and a ledger charge).</summary>
    public static bool IsPrivate(string model, string mechanism) => Find(model, mechanism).IsPrivate;

    /// <summary>
    /// Checks a request against the table's column names and the declared bounds, without reading
    /// any value, and returns the privacy cost to charge: (ε, δ), or (0, 0) for non-private training.
    /// </summary>
    /// <exception cref="LearningException">An unknown name or column, missing bounds, a bad ε or δ, R beyond what the proof covers.</exception>
    public static (double Epsilon, double Delta) Validate(TrainingOptions options, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(columns);
        var trainer = Find(options.Model, options.Mechanism);
        var table = new Table(columns.Select(c => Column.FromValues(c, [])));
        var features = ModelEncoder.FeatureColumns(table, options.Target, options.Features, options.Unit);
        if (options.MaxRowsPerUnit < 1)
        {
            throw new LearningException($"--max-rows-per-unit must be at least 1, got {options.MaxRowsPerUnit}.");
        }
        if (options.Regularization is { } reg && (!double.IsFinite(reg) || reg < 0))
        {
            throw new LearningException($"The regularization must be a finite number ≥ 0, got {reg}.");
        }
        if (!trainer.IsPrivate)
        {
            return (0, 0);
        }
        if (!double.IsFinite(options.Epsilon) || options.Epsilon <= 0)
        {
            throw new LearningException($"--epsilon must be a positive number for the {options.Mechanism} mechanism, got {options.Epsilon}.");
        }
        if (trainer.UsesDelta && !(options.Delta > 0 && options.Delta < 1))
        {
            throw new LearningException($"--delta must be in (0, 1) for the {options.Mechanism} mechanism, got {options.Delta}.");
        }
        if (!trainer.UsesDelta && options.Delta != 0)
        {
            throw new LearningException($"The {options.Mechanism} mechanism is pure ε-DP; drop --delta (got {options.Delta}).");
        }
        if (trainer.MaxRowsPerUnitSupported is { } max && options.MaxRowsPerUnit > max)
        {
            throw new LearningException($"The {options.Mechanism} mechanism's proof covers at most {max} row(s) per person; use --max-rows-per-unit {max}.");
        }
        if ((trainer.Regularization(options)) <= 0 && options.Mechanism is "output" or "objective" && options.Model != "naive-bayes")
        {
            throw new LearningException($"The {options.Mechanism} mechanism needs a positive regularization.");
        }
        foreach (var column in features.Append(options.Target))
        {
            if (options.Bounds[column] is null)
            {
                var source = string.IsNullOrEmpty(options.Bounds.SourceName) ? "the bounds" : options.Bounds.SourceName;
                throw new LearningException($"Column '{column}' is used by the model but has no bounds in {source}; a DP mechanism needs declared bounds (e.g. '{column}: [min, max]' or '{column}: [category, ...]') for every used column.");
            }
        }
        return (options.Epsilon, trainer.UsesDelta ? options.Delta : 0);
    }

    /// <summary>
    /// Trains. Call <see cref="Validate"/> and charge its cost to the ledger first: this reads the values.
    /// </summary>
    /// <param name="table">The training data.</param>
    /// <param name="options">What to train.</param>
    /// <param name="random">The noise source: <see cref="SecureRandom"/> for a release.</param>
    /// <param name="progress">Progress in [0, 1] (folds, then the final fit).</param>
    /// <param name="ct">Cancels between folds and inside the solvers.</param>
    public static TrainedModel Train(Table table, TrainingOptions options, IRandomBits random, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(random);
        var (epsilon, delta) = Validate(options, [.. table.ColumnNames]);
        var trainer = Find(options.Model, options.Mechanism);
        var prepared = Prepare(table, options, trainer, random);
        var context = new FitContext(epsilon, delta, prepared.MaxRowsPerUnit, trainer.Regularization(options), random, ct);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (options.Folds >= 2)
        {
            foreach (var (name, value) in CrossValidation.Run(prepared.Data, prepared.Features, prepared.Target, trainer, context, options.Folds, options.FoldSeed,
                new Progress(progress, 0, 0.9), ct))
            {
                metrics[name] = value;
            }
        }
        ct.ThrowIfCancellationRequested();
        var fit = trainer.Fit(prepared.Data, context);
        progress?.Report(1);
        return new TrainedModel(options.Model, options.Mechanism, epsilon, delta, prepared.Features, prepared.Target,
            fit.Weights, fit.NaiveBayes, metrics, MetricsPrivate: false, prepared.Data.Rows, fit.Network);
    }

    internal static double Regularization(this ModelTrainer trainer, TrainingOptions options) => options.Regularization ?? trainer.DefaultRegularization;

    internal static PreparedData Prepare(Table table, TrainingOptions options, ModelTrainer trainer, IRandomBits random)
    {
        var features = ModelEncoder.FeatureColumns(table, options.Target, options.Features, options.Unit);
        int[]? rows = null;
        var r = 1;
        if (options.Unit is { } unit)
        {
            rows = ContributionBounding.SampleRows(DesignMatrix.Find(table, unit), options.MaxRowsPerUnit, random);
            r = options.MaxRowsPerUnit;
        }
        var (encodedFeatures, encodedTarget) = ModelEncoder.Encode(table, options.Target, features, options.Bounds, trainer.IsPrivate, options.Model != "linear");
        var data = DesignMatrix.Build(table, encodedFeatures, encodedTarget, rows);
        if (data.Rows < 2)
        {
            throw new LearningException($"Training needs at least 2 rows; the table has {data.Rows}.");
        }
        return new PreparedData(data, encodedFeatures, encodedTarget, r);
    }

    internal sealed record PreparedData(DesignMatrix Data, IReadOnlyList<EncodedColumn> Features, EncodedColumn Target, int MaxRowsPerUnit);

    /// <summary>Maps a sub-task's progress in [0, 1] to [from, to] of the caller's.</summary>
    internal sealed class Progress(IProgress<double>? inner, double from, double to) : IProgress<double>
    {
        public void Report(double value) => inner?.Report(from + ((to - from) * Math.Clamp(value, 0, 1)));
    }
}
