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
        [("linear", "output")] = new("linear", "output", true, false, null, 0.1, LinearMechanisms.OutputPerturbation, NeedsRows: true),
        [("linear", "functional")] = new("linear", "functional", true, false, null, 0, LinearMechanisms.FunctionalMechanism),
        [("linear", "adassp")] = new("linear", "adassp", true, true, null, 0, LinearMechanisms.AdaSsp, Experimental: PrivacyExperiments.AnalyticGaussianOnDiscreteNoise),
        [("logistic", "none")] = new("logistic", "none", false, false, null, 0, LogisticMechanisms.Ordinary),
        [("logistic", "output")] = new("logistic", "output", true, false, null, 0.003, LogisticMechanisms.OutputPerturbation, NeedsRows: true),
        [("logistic", "objective")] = new("logistic", "objective", true, false, 1, 0.001, LogisticMechanisms.ObjectivePerturbation, NeedsRows: true),
        [("logistic", "functional")] = new("logistic", "functional", true, false, null, 0, LogisticMechanisms.FunctionalMechanism),
        [("logistic", "dpsgd")] = new("logistic", "dpsgd", true, true, 1, 0, DpSgd.DpSgdMechanisms.Logistic, NeedsRows: true, Experimental: PrivacyExperiments.SampledGaussianOnDiscreteNoise),
        [("mlp", "none")] = new("mlp", "none", false, false, null, 0, MlpMechanisms.Ordinary),
        [("mlp", "dpsgd")] = new("mlp", "dpsgd", true, true, 1, 0, DpSgd.DpSgdMechanisms.Mlp, NeedsRows: true, Experimental: PrivacyExperiments.SampledGaussianOnDiscreteNoise),
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
            ? throw new LearningException($"`model` {model} `mechanism` {mechanism} is not available in this build." + (offered.Count > 0 ? $" Mechanisms for {model}: {string.Join(", ", offered)}." : ""))
            : throw new LearningException($"The mechanism '{mechanism}' does not apply to the {model} model; mechanisms for {model}: {string.Join(", ", offered)}.");
    }

    /// <summary>Whether the pair is differentially private (so it needs bounds and a ledger charge).</summary>
    public static bool IsPrivate(string model, string mechanism) => Find(model, mechanism).IsPrivate;

    /// <summary>The share of the persons held out of training for DP metrics.</summary>
    public const double HoldoutFraction = 0.2;

    /// <summary>The default ε share of the DP estimate of n: this fraction of the total ε.</summary>
    public const double DefaultRowsShare = 0.1;

    /// <summary>One sentence per experimental guarantee, for the model file.</summary>
    internal static string DescribeExperiment(string id) => id switch
    {
        PrivacyExperiments.AnalyticGaussianOnDiscreteNoise =>
            $"{id}: the (ε, δ) of the Gaussian releases is Balle & Wang's analytic bound for continuous noise, applied to discrete Gaussian noise on a fine grid (its zCDP cost is proven).",
        PrivacyExperiments.SampledGaussianOnDiscreteNoise =>
            $"{id}: DP-SGD is accounted with the RDP of the sampled continuous Gaussian mechanism but adds discrete Gaussian noise on a fine grid.",
        _ => id,
    };

    /// <summary>
    /// Checks a request against the table's column names and the declared bounds, without reading
    /// any value, and returns the total privacy cost to charge: (ε, δ) of <see cref="Plan"/>'s composed
    /// cost, or (0, 0) for non-private training.
    /// </summary>
    /// <exception cref="LearningException">An unknown name or column, missing or ill-typed bounds, a bad ε or δ, R beyond what the proof covers.</exception>
    public static (double Epsilon, double Delta) Validate(TrainingOptions options, IReadOnlyList<string> columns)
    {
        var plan = Plan(options, columns);
        return (TrainingPlan.EpsilonOf(plan.Cost), TrainingPlan.DeltaOf(plan.Cost));
    }

    /// <summary>
    /// Plans a run from metadata alone (the options, the column names, the declared bounds): checks
    /// everything that can fail, splits the total ε into shares (model; the DP estimate of n when the
    /// mechanism uses n and the bounds do not declare it public; DP metrics when asked for) and composes
    /// them into the cost the ledger is charged. Nothing after the charge can fail on the data.
    /// </summary>
    /// <exception cref="LearningException">Anything wrong with the request, named (option, column, bounds file).</exception>
    public static TrainingPlan Plan(TrainingOptions options, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(columns);
        var trainer = Find(options.Model, options.Mechanism);
        var table = new Table(columns.Select(c => Column.FromValues(c, [])));
        var features = ModelEncoder.FeatureColumns(table, options.Target, options.Features, options.Unit);
        if (options.MaxRowsPerUnit < 1)
        {
            throw new LearningException($"`maxRowsPerUnit` must be at least 1, got {options.MaxRowsPerUnit}.");
        }
        if (options.Regularization is { } reg && (!double.IsFinite(reg) || reg < 0))
        {
            throw new LearningException($"The regularization must be a finite number ≥ 0, got {reg}.");
        }
        if (options.Folds is < 0)
        {
            throw new LearningException($"`folds` must be at least 0, got {options.Folds}.");
        }
        if (options.Missing == MissingValuePolicy.ImputePublic)
        {
            var source0 = string.IsNullOrEmpty(options.Bounds.SourceName) ? "the bounds" : options.Bounds.SourceName;
            foreach (var column in features.Append(options.Target).Where(c => options.Bounds[c] is null))
            {
                throw new LearningException($"`missing` impute-public: column '{column}' has no declared bounds in {source0}, so it has no public value to impute (a mean or mode of the data would not be public); declare '{column}: {{ range: [min, max], missing: VALUE }}' or its categories.");
            }
        }
        if (!trainer.IsPrivate)
        {
            if (options.MetricsEpsilon != 0 || options.RowsEpsilon is not null)
            {
                throw new LearningException("`metricsEpsilon` and `rowsEpsilon` are shares of a DP mechanism's ε; a not-private model has exact metrics and n.");
            }
            return new TrainingPlan(false, [], null, [], null, false);
        }
        if (options.Folds is > 0)
        {
            throw new LearningException("Cross-validated metrics (`folds`) are computed exactly on the private rows and are not DP; for a DP model use `test` FILE (a public or steward-supplied test set) or `metricsEpsilon` (DP metrics on held-out persons).");
        }
        if (!double.IsFinite(options.Epsilon) || options.Epsilon <= 0)
        {
            throw new LearningException($"`epsilon` must be a positive number for the {options.Mechanism} mechanism, got {options.Epsilon}.");
        }
        if (trainer.UsesDelta && !(options.Delta > 0 && options.Delta < 1))
        {
            throw new LearningException($"`delta` must be in (0, 1) for the {options.Mechanism} mechanism, got {options.Delta}.");
        }
        if (!trainer.UsesDelta && options.Delta != 0)
        {
            throw new LearningException($"The {options.Mechanism} mechanism is pure ε-DP; drop `delta` (got {options.Delta}).");
        }
        if (trainer.MaxRowsPerUnitSupported is { } max && options.MaxRowsPerUnit > max)
        {
            throw new LearningException($"The {options.Mechanism} mechanism's proof covers at most {max} row(s) per person; use `maxRowsPerUnit` {max}.");
        }
        if ((trainer.Regularization(options)) <= 0 && options.Mechanism is "output" or "objective" && options.Model != "naive-bayes")
        {
            throw new LearningException($"The {options.Mechanism} mechanism needs a positive regularization.");
        }
        if (trainer.Experimental is { } experiment && !options.AllowExperimental)
        {
            throw new LearningException($"The {options.Mechanism} mechanism's guarantee is experimental ({DescribeExperiment(experiment)}) Opt in with `allowExperimental`; the model file records it.");
        }
        var source = string.IsNullOrEmpty(options.Bounds.SourceName) ? "the bounds" : options.Bounds.SourceName;
        foreach (var column in features.Append(options.Target))
        {
            if (options.Bounds[column] is null)
            {
                throw new LearningException($"Column '{column}' is used by the model but has no bounds in {source}; a DP mechanism needs declared bounds (e.g. '{column}: [min, max]' or '{column}: [category, ...]') for every used column.");
            }
        }
        var target = options.Bounds[options.Target]!;
        if (options.Model == "linear" && target.IsCategorical)
        {
            throw new LearningException($"The target '{options.Target}' of a linear model needs a numeric range in {source} ('{options.Target}: [min, max]'), not categories.");
        }
        if (options.Model != "linear" && (!target.IsCategorical || target.Categories!.Count != 2))
        {
            throw new LearningException(target.IsCategorical
                ? $"The target '{options.Target}' of a classifier must have exactly two classes; {source} declares {target.Categories!.Count}: [{string.Join(", ", target.Categories!)}]."
                : $"The target '{options.Target}' of a classifier needs its classes declared in {source} (e.g. '{options.Target}: [neg, pos]' or '{options.Target}: {{ categories: [0, 1] }}'), not a numeric range.");
        }
        var metricsEpsilon = options.MetricsEpsilon;
        if (!double.IsFinite(metricsEpsilon) || metricsEpsilon < 0)
        {
            throw new LearningException($"`metricsEpsilon` must be a number ≥ 0, got {metricsEpsilon}.");
        }
        var estimatesRows = trainer.NeedsRows && options.Bounds.PublicRows is null;
        double rowsEpsilon = 0;
        if (estimatesRows)
        {
            rowsEpsilon = options.RowsEpsilon ?? (DefaultRowsShare * options.Epsilon);
            if (!double.IsFinite(rowsEpsilon) || rowsEpsilon <= 0)
            {
                throw new LearningException($"`rowsEpsilon` must be a positive number, got {rowsEpsilon}.");
            }
        }
        else if (options.RowsEpsilon is not null)
        {
            throw new LearningException(trainer.NeedsRows
                ? $"`rowsEpsilon`: {source} declares {LearningBounds.PublicRowsKey}: {options.Bounds.PublicRows}, so n is public and not estimated."
                : $"`rowsEpsilon`: the {options.Mechanism} mechanism does not use n, so nothing is estimated.");
        }
        var modelEpsilon = options.Epsilon - rowsEpsilon - metricsEpsilon;
        if (!(modelEpsilon > 0))
        {
            throw new LearningException($"`epsilon` {options.Epsilon} leaves nothing for the model after the shares of n ({rowsEpsilon}) and the metrics ({metricsEpsilon}); raise `epsilon` or lower the shares.");
        }
        if (trainer.Mechanism == "dpsgd"
            && Privacy.Renyi.RenyiAccountant.Epsilon(1, 1e6, 1, options.Delta).Epsilon >= modelEpsilon)
        {
            throw new LearningException($"DP-SGD cannot reach ε = {modelEpsilon} (the model's share) at δ = {options.Delta}: the accountant's orders stop at 63, so no ε below about log(1/δ)/62 is reachable; raise `epsilon` or `delta`.");
        }
        var shares = new List<PrivacyShare>
        {
            new(PrivacyShare.ModelRelease, trainer.UsesDelta ? new ApproximateDp(modelEpsilon, options.Delta) : new PureDp(modelEpsilon)),
        };
        if (rowsEpsilon > 0)
        {
            shares.Add(new(PrivacyShare.RowsRelease, new PureDp(rowsEpsilon)));
        }
        if (metricsEpsilon > 0)
        {
            shares.Add(new(PrivacyShare.MetricsRelease, new PureDp(metricsEpsilon)));
        }
        if (trainer.UsesDelta)
        {
            shares = [.. shares.Select(s => s.Cost is PureDp p ? s with { Cost = PrivacyConversions.ToApproximateDp(p) } : s)];
        }
        var cost = PrivacyComposition.Sequential([.. shares.Select(s => s.Cost)]);
        IReadOnlyList<string> experimental = trainer.Experimental is { } id ? [DescribeExperiment(id)] : [];
        return new TrainingPlan(true, shares, cost, experimental, trainer.NeedsRows ? options.Bounds.PublicRows : null, estimatesRows);
    }

    /// <summary>
    /// Trains. Call <see cref="Plan"/> (or <see cref="Validate"/>) and charge its cost to the ledger
    /// first: this reads the values. Under a DP mechanism nothing here fails or reports anything that
    /// depends on the values: values outside the declared domains are mapped (<see cref="DomainPolicy.Map"/>),
    /// n is declared or estimated with DP, and metrics come from <paramref name="test"/> or DP counts.
    /// </summary>
    /// <param name="table">The training data.</param>
    /// <param name="options">What to train.</param>
    /// <param name="random">The noise source: <see cref="SecureRandom"/> for a release.</param>
    /// <param name="progress">Progress in [0, 1] (folds, then the final fit).</param>
    /// <param name="ct">Cancels between folds and inside the solvers.</param>
    /// <param name="test">A public or steward-supplied test set for exact metrics (DP models), or null.</param>
    /// <param name="testName">The test set's name, for the model file.</param>
    public static TrainedModel Train(Table table, TrainingOptions options, IRandomBits random, IProgress<double>? progress = null, CancellationToken ct = default,
        Table? test = null, string? testName = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(random);
        var plan = Plan(options, [.. table.ColumnNames]);
        if (test is not null)
        {
            CheckTestColumns(options, [.. table.ColumnNames], [.. test.ColumnNames], testName ?? "the test set");
        }
        var trainer = Find(options.Model, options.Mechanism);
        return plan.IsPrivate
            ? TrainPrivate(table, options, plan, trainer, random, progress, ct, test, testName)
            : TrainNotPrivate(table, options, trainer, random, progress, ct, test, testName);
    }

    /// <summary>Checks that a test set has the target and every feature column (its header only).</summary>
    /// <exception cref="LearningException">A column is missing; the message names it and the file.</exception>
    public static void CheckTestColumns(TrainingOptions options, IReadOnlyList<string> trainingColumns, IReadOnlyList<string> testColumns, string testName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = new Table(trainingColumns.Select(c => Column.FromValues(c, [])));
        var features = ModelEncoder.FeatureColumns(table, options.Target, options.Features, options.Unit);
        CheckTestColumns(options with { Features = features }, testColumns, testName);
    }

    private static void CheckTestColumns(TrainingOptions options, IReadOnlyList<string> testColumns, string testName)
    {
        foreach (var column in (options.Features ?? []).Append(options.Target))
        {
            if (!testColumns.Contains(column))
            {
                throw new LearningException($"{testName}: the test set has no column '{column}' (the model uses it).");
            }
        }
    }

    private static TrainedModel TrainNotPrivate(Table table, TrainingOptions options, ModelTrainer trainer, IRandomBits random,
        IProgress<double>? progress, CancellationToken ct, Table? test, string? testName)
    {
        var prepared = Prepare(table, options, trainer, random);
        var context = new FitContext(0, 0, prepared.MaxRowsPerUnit, trainer.Regularization(options), random, ct, prepared.Data.Rows);
        MetricsReport? metrics = null;
        var folds = options.Folds ?? 5;
        if (test is null && folds >= 2)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            try
            {
                foreach (var (name, value) in CrossValidation.Run(prepared.Data, prepared.Features, prepared.Target, trainer, context, folds, options.FoldSeed,
                    new Progress(progress, 0, 0.9), ct))
                {
                    values[name] = value;
                }
            }
            catch (ArgumentException e)
            {
                // Not private (the data owner's own data): a fold too small or degenerate to fit, e.g. fewer rows than parameters.
                throw new LearningException($"{folds}-fold cross-validation could not fit a fold of {prepared.Data.Rows} rows ({e.Message}); give more rows or `folds` 0 to skip it.", e);
            }
            metrics = new MetricsReport(MetricsReport.CrossValidationNotPrivate, values,
                $"{folds}-fold cross-validation on the training data: exact, not private.");
        }
        ct.ThrowIfCancellationRequested();
        var fit = trainer.Fit(prepared.Data, context);
        var release = ModelRelease.NotPrivate(new RowCount(prepared.Data.Rows, RowCount.ExactNotPrivate), metrics);
        var model = new TrainedModel(options.Model, options.Mechanism, prepared.Features, prepared.Target, fit.Weights, fit.NaiveBayes, fit.Network, release)
            .WithMissing(options);
        if (test is not null)
        {
            model = model with { Release = release with { Metrics = TestMetrics(model, test, testName, DomainPolicy.Strict) } };
        }
        progress?.Report(1);
        return model;
    }

    private static TrainedModel TrainPrivate(Table table, TrainingOptions options, TrainingPlan plan, ModelTrainer trainer, IRandomBits random,
        IProgress<double>? progress, CancellationToken ct, Table? test, string? testName)
    {
        var prepared = Prepare(table, options, trainer, random);
        var data = prepared.Data;
        var metricsCost = plan.ShareOf(PrivacyShare.MetricsRelease);
        DesignMatrix? holdout = null;
        if (metricsCost is not null)
        {
            (data, holdout) = SplitPersons(prepared, random);
        }
        RowCount? rows = null;
        if (plan.DeclaredRows is { } declared)
        {
            rows = new RowCount(holdout is null ? declared : Math.Max(1, Math.Round(declared * (1 - HoldoutFraction))), RowCount.DeclaredPublic);
        }
        else if (plan.EstimatesRows)
        {
            var mechanism = new LaplaceMechanism(prepared.MaxRowsPerUnit, TrainingPlan.EpsilonOf(plan.ShareOf(PrivacyShare.RowsRelease)));
            rows = new RowCount(Math.Max(1, Math.Round(mechanism.Release(data.Rows, random))), RowCount.DpEstimate);
        }
        var modelCost = plan.ShareOf(PrivacyShare.ModelRelease)!;
        var context = new FitContext(TrainingPlan.EpsilonOf(modelCost), TrainingPlan.DeltaOf(modelCost), prepared.MaxRowsPerUnit,
            trainer.Regularization(options), random, ct, rows?.Value ?? double.NaN);
        ct.ThrowIfCancellationRequested();
        var fit = trainer.Fit(data, context);
        var release = new ModelRelease(true, plan.Cost, plan.Shares, plan.Experimental, rows, null);
        var model = new TrainedModel(options.Model, options.Mechanism, prepared.Features, prepared.Target, fit.Weights, fit.NaiveBayes, fit.Network, release)
            .WithMissing(options);
        MetricsReport? metrics = null;
        if (holdout is not null)
        {
            metrics = HoldoutMetrics.Release(model, holdout, prepared.MaxRowsPerUnit, TrainingPlan.EpsilonOf(metricsCost), random);
        }
        if (test is not null)
        {
            var onTest = TestMetrics(model, test, testName, DomainPolicy.Map);
            metrics = metrics is null ? onTest : MergeMetrics(metrics, onTest);
        }
        progress?.Report(1);
        return model with { Release = release with { Metrics = metrics } };
    }

    private static MetricsReport MergeMetrics(MetricsReport dp, MetricsReport test) =>
        new(dp.Source + "+" + test.Source,
            new Dictionary<string, double>(dp.Values.Concat(test.Values.Select(v => KeyValuePair.Create("test." + v.Key, v.Value))), StringComparer.Ordinal),
            dp.Description + " " + test.Description + " (keys prefixed 'test.').");

    private static MetricsReport TestMetrics(TrainedModel model, Table test, string? testName, DomainPolicy policy)
    {
        var data = DesignMatrix.Build(test, model.Features, model.Target, policy: policy);
        var predicted = model.Predict(data);
        var actual = model.IsClassifier ? data.Y : [.. data.Y.Select(model.Target.Unscale)];
        var values = model.IsClassifier
            ? new Dictionary<string, double> { ["accuracy"] = ModelMetrics.Accuracy(actual, predicted), ["auc"] = ModelMetrics.Auc(actual, predicted) }
            : new Dictionary<string, double> { ["mse"] = ModelMetrics.MeanSquaredError(actual, predicted), ["r2"] = ModelMetrics.RSquared(actual, predicted) };
        values["rows"] = data.Rows;
        return new MetricsReport(MetricsReport.TestSet, values,
            $"Exact metrics on the test set {testName ?? "(given)"}, which its supplier declares public or released for this purpose; it was not used for training.");
    }

    /// <summary>Splits the prepared rows by person: each person joins the hold-out with probability <see cref="HoldoutFraction"/> (secure randomness).</summary>
    private static (DesignMatrix Train, DesignMatrix Holdout) SplitPersons(PreparedData prepared, IRandomBits random)
    {
        var inHoldout = new Dictionary<int, bool>();
        var train = new List<int>();
        var holdout = new List<int>();
        for (var i = 0; i < prepared.Data.Rows; i++)
        {
            var person = prepared.Persons?[i] ?? i;
            if (!inHoldout.TryGetValue(person, out var held))
            {
                held = UniformSampler.Below(random, 5) == 0;
                inHoldout[person] = held;
            }
            (held ? holdout : train).Add(i);
        }
        return (prepared.Data.Subset(train), prepared.Data.Subset(holdout));
    }

    /// <summary>Records the missing-value policy, and under impute-public each feature's declared public value, in the model.</summary>
    internal static TrainedModel WithMissing(this TrainedModel model, TrainingOptions options) => model with
    {
        Missing = options.Missing,
        Imputed = options.Missing == MissingValuePolicy.ImputePublic
            ? model.Features.ToDictionary(f => f.Column, f => options.Bounds[f.Column]!.PublicImputation, StringComparer.Ordinal)
            : null,
    };

    internal static double Regularization(this ModelTrainer trainer, TrainingOptions options) => options.Regularization ?? trainer.DefaultRegularization;

    internal static PreparedData Prepare(Table table, TrainingOptions options, ModelTrainer trainer, IRandomBits random)
    {
        var features = ModelEncoder.FeatureColumns(table, options.Target, options.Features, options.Unit);
        // Dropping is a per-row filter applied before per-person bounding: a person still changes at most R rows.
        IReadOnlyList<int>? rows = options.Missing == MissingValuePolicy.Drop ? CompleteRows(table, [.. features, options.Target]) : null;
        int[]? persons = null;
        var r = 1;
        if (options.Unit is { } unit)
        {
            var unitColumn = DesignMatrix.Find(table, unit);
            var kept = ContributionBounding.SampleRows(unitColumn, options.MaxRowsPerUnit, random, rows);
            persons = [.. kept.Select(row => unitColumn.Codes[row])];
            rows = kept;
            r = options.MaxRowsPerUnit;
        }
        var (encodedFeatures, encodedTarget) = ModelEncoder.Encode(table, options.Target, features, options.Bounds, trainer.IsPrivate, options.Model != "linear", rows);
        var imputed = options.Missing == MissingValuePolicy.ImputePublic
            ? features.Append(options.Target).ToDictionary(c => c, c => options.Bounds[c]!.PublicImputation, StringComparer.Ordinal)
            : null;
        var data = DesignMatrix.Build(table, encodedFeatures, encodedTarget, rows, trainer.IsPrivate ? DomainPolicy.Map : DomainPolicy.Strict, imputed);
        if (!trainer.IsPrivate && data.Rows < 2)
        {
            throw new LearningException($"Training needs at least 2 rows; the table has {data.Rows}" + (options.Missing == MissingValuePolicy.Drop ? " complete in the used columns." : "."));
        }
        return new PreparedData(data, encodedFeatures, encodedTarget, r, persons);
    }

    /// <summary>The rows (ascending) with a value in every one of <paramref name="columns"/>.</summary>
    internal static int[] CompleteRows(Table table, IReadOnlyList<string> columns)
    {
        var used = columns.Select(c => DesignMatrix.Find(table, c)).ToArray();
        var kept = new List<int>(table.RowCount);
        for (var row = 0; row < table.RowCount; row++)
        {
            var complete = true;
            foreach (var column in used)
            {
                if (column[row] is null)
                {
                    complete = false;
                    break;
                }
            }
            if (complete)
            {
                kept.Add(row);
            }
        }
        return [.. kept];
    }

    internal sealed record PreparedData(DesignMatrix Data, IReadOnlyList<EncodedColumn> Features, EncodedColumn Target, int MaxRowsPerUnit, int[]? Persons = null);

    /// <summary>Maps a sub-task's progress in [0, 1] to [from, to] of the caller's.</summary>
    internal sealed class Progress(IProgress<double>? inner, double from, double to) : IProgress<double>
    {
        public void Report(double value) => inner?.Report(from + ((to - from) * Math.Clamp(value, 0, 1)));
    }
}
