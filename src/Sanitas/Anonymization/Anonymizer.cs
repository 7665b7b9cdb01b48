using System.Diagnostics;
using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// Anonymizes a table: finds the transformation (one generalization level per quasi-identifier,
/// plus suppression of the records that still fail) with the least information loss that
/// satisfies every privacy model, and applies it.
/// </summary>
public static class Anonymizer
{
    /// <summary>Anonymizes <paramref name="table"/> as <paramref name="config"/> says.</summary>
    /// <param name="table">The input.</param>
    /// <param name="config">Roles, hierarchies, models, suppression limit, metric, search.</param>
    /// <param name="progress">Receives search progress (about every 100 ms).</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="AnonymizationException">The configuration does not fit the table, or no transformation satisfies the models.</exception>
    /// <exception cref="HierarchyException">A hierarchy lacks values that occur in the data.</exception>
    public static AnonymizationResult Anonymize(Table table, AnonymizationConfig config, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var outcome = Search(table, config, null, progress, cancellationToken);
        var output = BuildOutput(table, config, outcome.Prepared.Encodings, outcome.Node, outcome.ClassOfRow, outcome.Failing);
        return outcome.Result with { Output = output };
    }

    /// <summary>
    /// Searches the optimal (or heuristic) transformation of a table whose row r stands for
    /// <paramref name="multiplicities"/>[r] records (null: one each), and groups the rows under it.
    /// The result's <see cref="AnonymizationResult.Output"/> is empty; the caller writes the output
    /// from <see cref="Outcome.ClassOfRow"/> and <see cref="Outcome.Failing"/>.
    /// </summary>
    internal static Outcome Search(Table table, AnonymizationConfig config, int[]? multiplicities, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(config);
        var watch = Stopwatch.StartNew();
        var records = AnonymizationEngine.RecordCount(table, multiplicities);
        var qis = Validate(table, config, records);
        var prepared = AnonymizationEngine.Prepare(table, qis, config.Models, config.SuppressionLimit, (encodings, rows, weights) => CreateMetric(config.Metric, encodings, rows, weights), config.PracticalMonotonicity, multiplicities);
        var lattice = prepared.Lattice;
        var lightning = config.Search == SearchMode.Lightning || (config.Search == SearchMode.Auto && lattice.Size > config.OptimalSearchLimit);
        var heuristic = config.Search == SearchMode.Heuristic || lightning;
        if (!heuristic && lattice.Size > int.MaxValue / 2)
        {
            throw new AnonymizationException($"The generalization lattice has {lattice.Size:N0} nodes, too many for the optimal search; use the heuristic search.");
        }
        var search = new LatticeSearch(lattice, prepared.Evaluator, prepared.Metric, prepared.MonotonicModels, prepared.MaxOutliers > 0, config.PracticalMonotonicity, progress, cancellationToken);
        var bestFirst = lightning ? new LightningSearch(lattice, prepared.Evaluator, prepared.Metric, progress, cancellationToken) : null;
        var found = bestFirst is not null ? bestFirst.Run(config.HeuristicTimeLimit, config.HeuristicCheckLimit) : heuristic ? search.RunHeuristic(config.HeuristicTimeLimit) : search.Run();
        if (found is null)
        {
            throw new AnonymizationException(
                $"No transformation satisfies {string.Join(" and ", config.Models.Select(Describe))} with at most {prepared.MaxOutliers} of {records} records suppressed " +
                $"(suppression limit {config.SuppressionLimit:0.###}). Allow more suppression, weaken the models, or add coarser hierarchy levels.",
                noSolution: true);
        }
        var (nodeId, loss, _) = found.Value;
        var node = lattice.Decode(nodeId);

        // Group the rows once more under the chosen node to know which rows are suppressed.
        var classOfRow = new int[table.RowCount];
        var snapshot = Grouper.RollUp(prepared.Evaluator.Rows, node, prepared.Encodings, prepared.Evaluator.Buffers, classOfRow, cancellationToken);
        var evaluation = prepared.Evaluator.Check(nodeId, snapshot, full: true);
        var failing = evaluation.Failing!;
        var utility = AllMetrics(prepared.Encodings, records, node, snapshot, failing, prepared.Weights);
        var released = Enumerable.Range(0, snapshot.Count).Where(c => !failing[c]).ToList();

        // The most general transformation, nothing suppressed: the reference for "percentage of the maximum".
        var top = prepared.Encodings.Select(e => e.MaxLevel).ToArray();
        var topSnapshot = Grouper.RollUp(snapshot, top, prepared.Encodings, prepared.Evaluator.Buffers, null, cancellationToken);
        var noneSuppressed = new bool[topSnapshot.Count];
        var maximum = prepared.Metric.Loss(top, topSnapshot, noneSuppressed);
        var attributeLoss = AttributeLosses(config, qis, prepared, node, snapshot, failing, top, topSnapshot, noneSuppressed, records);
        var warnings = AnonymizationWarnings.Find(prepared.Encodings, node, snapshot, failing, evaluation.SuppressedRecords, records, config.Models.Max(m => m.MinimalClassSize));
        var result = new AnonymizationResult
        {
            Transformation = prepared.Encodings.Select((e, i) => KeyValuePair.Create(e.Name, node[i])).ToArray(),
            MaxLevels = prepared.Encodings.Select(e => e.MaxLevel).ToArray(),
            SuppressedRecords = evaluation.SuppressedRecords,
            Metric = config.Metric,
            InformationLoss = loss,
            MaximumInformationLoss = maximum,
            Attributes = attributeLoss,
            Warnings = warnings,
            Utility = utility,
            EquivalenceClasses = released.Count,
            SmallestClass = released.Count == 0 ? 0 : released.Min(c => snapshot.Sizes[c]),
            NodesChecked = search.NodesChecked,
            LatticeSize = lattice.Size,
            IsOptimal = !heuristic || bestFirst is { Exhausted: true },
            SearchUsed = lightning ? SearchMode.Lightning : heuristic ? SearchMode.Heuristic : SearchMode.Optimal,
            Elapsed = watch.Elapsed,
            Output = new Table([]),
        };
        return new Outcome(prepared, node, classOfRow, failing, result);
    }

    /// <summary>The search's result and what is needed to write the output rows.</summary>
    /// <param name="Prepared">The encodings of the quasi-identifiers.</param>
    /// <param name="Node">The chosen generalization level of each quasi-identifier.</param>
    /// <param name="ClassOfRow">The equivalence class of every row of the searched table.</param>
    /// <param name="Failing">Per class, whether it is suppressed.</param>
    /// <param name="Result">The result, with an empty output table.</param>
    internal sealed record Outcome(AnonymizationEngine.Prepared Prepared, int[] Node, int[] ClassOfRow, bool[] Failing, AnonymizationResult Result);

    /// <summary>The name of a metric in configuration files and reports.</summary>
    public static string MetricName(UtilityMetric metric) => metric switch
    {
        UtilityMetric.NonUniformEntropy => "non-uniform-entropy",
        UtilityMetric.NonUniformEntropyNonMonotonic => "non-uniform-entropy-non-monotonic",
        UtilityMetric.Discernibility => "discernibility",
        UtilityMetric.DiscernibilityMonotonic => "discernibility-monotonic",
        UtilityMetric.Loss => "loss",
        UtilityMetric.Precision => "precision",
        UtilityMetric.AverageClassSize => "aecs",
        UtilityMetric.Height => "height",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    private static string Describe(PrivacyModel model) => model switch
    {
        KAnonymity k => $"{k.K}-anonymity",
        DistinctLDiversity d => $"distinct {d.L}-diversity of '{d.Attribute}'",
        EntropyLDiversity e => $"entropy {e.L}-diversity of '{e.Attribute}'",
        RecursiveCLDiversity r => $"recursive ({r.C},{r.L})-diversity of '{r.Attribute}'",
        EqualDistanceTCloseness t => $"{t.T}-closeness (equal distance) of '{t.Attribute}'",
        HierarchicalDistanceTCloseness t => $"{t.T}-closeness (hierarchical distance) of '{t.Attribute}'",
        OrderedDistanceTCloseness t => $"{t.T}-closeness (ordered distance) of '{t.Attribute}'",
        _ => model.Name,
    };

    internal static MetricEvaluator CreateMetric(UtilityMetric metric, QuasiIdentifierEncoding[] encodings, int rows, double[]? weights = null) => metric switch
    {
        UtilityMetric.NonUniformEntropy => new NonUniformEntropyEvaluator(encodings, monotonic: true, weights),
        UtilityMetric.NonUniformEntropyNonMonotonic => new NonUniformEntropyEvaluator(encodings, monotonic: false, weights),
        _ => new ClassMetricEvaluator(metric, encodings, rows, weights),
    };

    /// <summary>Whether a metric is an aggregate of per-attribute losses (so weights and per-attribute shares apply).</summary>
    public static bool IsPerAttribute(UtilityMetric metric) => metric is not (UtilityMetric.Discernibility or UtilityMetric.DiscernibilityMonotonic or UtilityMetric.AverageClassSize);

    private static Dictionary<string, double> AllMetrics(QuasiIdentifierEncoding[] encodings, int rows, int[] node, Snapshot snapshot, bool[] failing, double[] weights)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in Enum.GetValues<UtilityMetric>())
        {
            result[MetricName(metric)] = CreateMetric(metric, encodings, rows, weights).Loss(node, snapshot, failing);
        }
        return result;
    }

    /// <summary>
    /// Each quasi-identifier's own loss under the search's metric when it is a per-attribute metric, else under
    /// <see cref="UtilityMetric.Loss"/>; its maximum is its loss when fully generalized with nothing suppressed.
    /// </summary>
    private static AttributeLoss[] AttributeLosses(AnonymizationConfig config, List<EngineQuasiIdentifier> qis, AnonymizationEngine.Prepared prepared, int[] node, Snapshot snapshot, bool[] failing,
        int[] top, Snapshot topSnapshot, bool[] noneSuppressed, int rows)
    {
        var metric = IsPerAttribute(config.Metric) ? config.Metric : UtilityMetric.Loss;
        var evaluator = CreateMetric(metric, prepared.Encodings, rows);
        var values = evaluator.PerAttribute(node, snapshot, failing)!;
        var maxima = evaluator.PerAttribute(top, topSnapshot, noneSuppressed)!;
        var result = new AttributeLoss[qis.Count];
        for (var q = 0; q < qis.Count; q++)
        {
            var encoding = prepared.Encodings[q];
            var releasedValues = new HashSet<int>();
            for (var c = 0; c < snapshot.Count; c++)
            {
                if (!failing[c])
                {
                    releasedValues.Add(snapshot.Code(q, c));
                }
            }
            result[q] = new AttributeLoss
            {
                Attribute = encoding.Name,
                Level = node[q],
                MinLevel = prepared.Lattice.MinLevels[q],
                MaxLevel = prepared.Lattice.MaxLevels[q],
                HierarchyHeight = encoding.MaxLevel,
                Weight = prepared.Weights[q],
                Metric = MetricName(metric),
                Value = values[q],
                Maximum = maxima[q],
                DistinctValuesBefore = encoding.LevelValues[0].Length,
                DistinctValuesAfter = releasedValues.Count,
            };
        }
        return result;
    }

    private static List<EngineQuasiIdentifier> Validate(Table table, AnonymizationConfig config, int records)
    {
        if (!(config.SuppressionLimit >= 0 && config.SuppressionLimit <= 1))
        {
            throw new AnonymizationException($"The suppression limit must be in [0, 1], got {config.SuppressionLimit}.");
        }
        foreach (var name in config.Attributes.Keys)
        {
            if (!table.TryGetColumn(name, out _))
            {
                throw new AnonymizationException($"The configuration names the attribute '{name}', which is not a column of the table. Columns: {string.Join(", ", table.ColumnNames)}.");
            }
        }
        var qis = new List<EngineQuasiIdentifier>();
        foreach (var column in table.Columns)
        {
            if (config.Attributes.TryGetValue(column.Name, out var settings) && settings.Role == AttributeRole.QuasiIdentifying)
            {
                if (settings.Hierarchy is null)
                {
                    throw new AnonymizationException($"The quasi-identifier '{column.Name}' has no hierarchy.");
                }
                settings.Hierarchy.ValidateAgainst(column);
                var height = settings.Hierarchy.LevelCount - 1;
                if (settings.MinLevel < 0 || settings.MinLevel > height)
                {
                    throw new AnonymizationException($"The quasi-identifier '{column.Name}' has minLevel {settings.MinLevel}, but its hierarchy's levels are 0 to {height}.");
                }
                if (settings.MaxLevel is { } max && (max < settings.MinLevel || max > height))
                {
                    throw new AnonymizationException($"The quasi-identifier '{column.Name}' has maxLevel {max}, but it must be between minLevel ({settings.MinLevel}) and the hierarchy's top level ({height}).");
                }
                if (!(settings.Weight > 0) || double.IsInfinity(settings.Weight))
                {
                    throw new AnonymizationException($"The quasi-identifier '{column.Name}' has weight {settings.Weight}; a weight must be a positive number.");
                }
                qis.Add(new EngineQuasiIdentifier(column.Name, settings.Hierarchy, settings.MinLevel, settings.MaxLevel, settings.Weight));
            }
        }
        if (qis.Count == 0)
        {
            throw new AnonymizationException("The configuration declares no quasi-identifier: there is nothing to generalize.");
        }
        if (!MetricWeights.AreUniform(qis.Select(q => q.Weight).ToArray()) && !IsPerAttribute(config.Metric))
        {
            throw new AnonymizationException($"Attribute weights apply to metrics that add up per-attribute losses (non-uniform-entropy, non-uniform-entropy-non-monotonic, loss, precision, height), not to {MetricName(config.Metric)}.");
        }
        if (config.Models.Count == 0)
        {
            throw new AnonymizationException("The configuration declares no privacy model.");
        }
        foreach (var model in config.Models)
        {
            try
            {
                model.Validate();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOptionException)
            {
                throw new AnonymizationException(e.Message, e);
            }
            if (model.SensitiveAttribute is { } sensitive)
            {
                if (!table.TryGetColumn(sensitive, out _))
                {
                    throw new AnonymizationException($"{model.Name} names the attribute '{sensitive}', which is not a column of the table. Columns: {string.Join(", ", table.ColumnNames)}.");
                }
                if (!config.Attributes.TryGetValue(sensitive, out var s) || s.Role != AttributeRole.Sensitive)
                {
                    throw new AnonymizationException($"{model.Name} protects '{sensitive}', so '{sensitive}' must have the role sensitive.");
                }
            }
            if (model.MinimalClassSize > records)
            {
                throw new AnonymizationException($"{Describe(model)} needs classes of at least {model.MinimalClassSize} records, but the table has only {records}.");
            }
        }
        return qis;
    }

    private static Table BuildOutput(Table table, AnonymizationConfig config, QuasiIdentifierEncoding[] encodings, int[] node, int[] classOfRow, bool[] failing)
    {
        var columns = new List<Column>();
        var q = 0;
        foreach (var column in table.Columns)
        {
            var role = config.Attributes.TryGetValue(column.Name, out var s) ? s.Role : AttributeRole.Insensitive;
            if (role == AttributeRole.Identifying)
            {
                continue;
            }
            if (role != AttributeRole.QuasiIdentifying)
            {
                columns.Add(column);
                continue;
            }
            var encoding = encodings[q];
            var level = node[q];
            q++;
            var values = encoding.LevelValues[level].ToList();
            var star = values.IndexOf("*");
            if (star < 0 && failing.Any(f => f))
            {
                star = values.Count;
                values.Add("*");
            }
            var map = encoding.LevelMap[level];
            var rowCodes = encoding.RowCodes;
            var codes = new int[table.RowCount];
            for (var r = 0; r < codes.Length; r++)
            {
                codes[r] = failing[classOfRow[r]] ? star : map[rowCodes[r]];
            }
            columns.Add(Column.FromCodes(column.Name, level == 0 && star < 0 ? column.Type : ColumnType.Text, [.. values], codes));
        }
        return new Table(columns);
    }
}
