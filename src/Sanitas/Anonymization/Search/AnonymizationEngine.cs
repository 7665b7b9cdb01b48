using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>Encodes a table for the search, runs it, and applies the optimal transformation.</summary>
internal static class AnonymizationEngine
{
    internal sealed record Prepared(
        Lattice Lattice,
        QuasiIdentifierEncoding[] Encodings,
        NodeEvaluator Evaluator,
        MetricEvaluator Metric,
        double[] Weights,
        bool MonotonicModels,
        int MaxOutliers);

    public static Prepared Prepare(Table table, IReadOnlyList<EngineQuasiIdentifier> qis, IReadOnlyList<PrivacyModel> models, double suppressionLimit, Func<QuasiIdentifierEncoding[], int, double[], MetricEvaluator> metricFactory, bool practicalMonotonicity)
    {
        var encodings = qis.Select(q =>
        {
            var column = table[q.Name];
            return new QuasiIdentifierEncoding(q.Name, column.CodeArray, q.Hierarchy.Encode(column), q.Hierarchy.Rows);
        }).ToArray();
        var sensitiveNames = models.Select(m => m.SensitiveAttribute).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var sensitiveCodes = sensitiveNames.Select(n => table[n].CodeArray).ToList();
        var criteria = models.Select(m =>
        {
            CriterionContext context;
            if (m.SensitiveAttribute is { } name)
            {
                var column = table[name];
                var counts = new int[column.DistinctCount];
                foreach (var c in column.Codes)
                {
                    counts[c]++;
                }
                context = new CriterionContext(sensitiveNames.IndexOf(name), column.Dictionary, counts, table.RowCount, column.Type);
            }
            else
            {
                context = new CriterionContext(-1, [], [], table.RowCount, ColumnType.Text);
            }
            return m.Prepare(context);
        }).ToArray();
        var minimal = models.Count == 0 ? 1 : models.Max(m => m.MinimalClassSize);
        var maxOutliers = (int)Math.Floor(suppressionLimit * table.RowCount);
        var lattice = new Lattice(
            qis.Select(q => q.MinLevel).ToArray(),
            qis.Select((q, i) => Math.Min(q.MaxLevel ?? encodings[i].MaxLevel, encodings[i].MaxLevel)).ToArray());
        var weights = MetricWeights.Normalize(qis.Select(q => q.Weight).ToArray());
        var evaluator = new NodeEvaluator(lattice, encodings, sensitiveCodes, criteria, minimal, maxOutliers, table.RowCount);
        var withSuppression = maxOutliers > 0;
        var monotonic = practicalMonotonicity || models.All(m => withSuppression ? m.IsMonotonicWithSuppression : m.IsMonotonicWithGeneralization);
        return new Prepared(lattice, encodings, evaluator, metricFactory(encodings, table.RowCount, weights), weights, monotonic, maxOutliers);
    }
}
