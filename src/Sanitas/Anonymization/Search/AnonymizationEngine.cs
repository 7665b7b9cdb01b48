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

    public static Prepared Prepare(Table table, IReadOnlyList<EngineQuasiIdentifier> qis, IReadOnlyList<PrivacyModel> models, double suppressionLimit, Func<QuasiIdentifierEncoding[], int, double[], MetricEvaluator> metricFactory, bool practicalMonotonicity, int[]? multiplicities = null)
    {
        // With multiplicities, each row of the table stands for that many records (the distinct tuples of a streamed file or a GROUP BY).
        var records = RecordCount(table, multiplicities);
        var encodings = qis.Select(q =>
        {
            var column = table[q.Name];
            return new QuasiIdentifierEncoding(q.Name, column.CodeArray, q.Hierarchy.Encode(column), q.Hierarchy.Rows, multiplicities);
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
                var codes = column.Codes;
                for (var r = 0; r < codes.Length; r++)
                {
                    counts[codes[r]] += multiplicities is null ? 1 : multiplicities[r];
                }
                context = new CriterionContext(sensitiveNames.IndexOf(name), column.Dictionary, counts, records, column.Type);
            }
            else
            {
                context = new CriterionContext(-1, [], [], records, ColumnType.Text);
            }
            return m.Prepare(context);
        }).ToArray();
        var minimal = models.Count == 0 ? 1 : models.Max(m => m.MinimalClassSize);
        var maxOutliers = (int)Math.Floor(suppressionLimit * records);
        var lattice = new Lattice(
            qis.Select(q => q.MinLevel).ToArray(),
            qis.Select((q, i) => Math.Min(q.MaxLevel ?? encodings[i].MaxLevel, encodings[i].MaxLevel)).ToArray());
        var weights = MetricWeights.Normalize(qis.Select(q => q.Weight).ToArray());
        var evaluator = new NodeEvaluator(lattice, encodings, sensitiveCodes, criteria, minimal, maxOutliers, table.RowCount, multiplicities: multiplicities);
        var withSuppression = maxOutliers > 0;
        var monotonic = practicalMonotonicity || models.All(m => withSuppression ? m.IsMonotonicWithSuppression : m.IsMonotonicWithGeneralization);
        return new Prepared(lattice, encodings, evaluator, metricFactory(encodings, records, weights), weights, monotonic, maxOutliers);
    }

    /// <summary>The number of records a table stands for: its rows, or the sum of their multiplicities.</summary>
    /// <exception cref="AnonymizationException">More than <see cref="int.MaxValue"/> records.</exception>
    public static int RecordCount(Table table, int[]? multiplicities)
    {
        if (multiplicities is null)
        {
            return table.RowCount;
        }
        long sum = 0;
        foreach (var m in multiplicities)
        {
            sum += m;
        }
        return sum <= int.MaxValue ? (int)sum : throw new AnonymizationException($"The input has {sum:N0} records; at most {int.MaxValue:N0} are supported.");
    }
}
