using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// What a DP query does to its noisy rows after the release — HAVING, ORDER BY, LIMIT — and the
/// result it returns. Post-processing of a DP release is DP at no further cost (Dwork and Roth 2014,
/// Prop. 2.1), so these clauses read released values only.
/// </summary>
internal static class DpPostProcessing
{
    /// <summary>HAVING, ORDER BY and LIMIT on the noisy rows, then the result with the budget left after the charge.</summary>
    public static async Task<DpQueryResult> FinishAsync(DpQueryPlan plan, NoisyTable released,
        LedgerEntry entry, BudgetLedger ledger, string analyst, string dataset)
    {
        var (columns, rows, intervals) = released;
        (rows, intervals) = Having(plan.Query, rows, intervals);
        var budget = await ledger.GetAsync(analyst, dataset, CancellationToken.None).ConfigureAwait(false);
        var ordered = InMemoryEngine.Finish(plan.Query with { Limit = null }, columns, rows);
        // ORDER BY and LIMIT are post-processing of the noisy rows; keep the intervals aligned.
        var positions = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < rows.Count; i++)
        {
            positions[rows[i]] = i;
        }
        var order = ordered.Rows.Select(r => positions[r]).ToList();
        var limit = plan.Query.Limit is { } l ? (int)Math.Min(l, int.MaxValue) : int.MaxValue;
        return new DpQueryResult(
            columns,
            order.Take(limit).Select(i => (IReadOnlyList<object?>)rows[i]).ToList(),
            order.Take(limit).Select(i => (IReadOnlyList<double?>)intervals[i]).ToList(),
            entry.Epsilon,
            budget?.EpsilonRemaining ?? 0,
            plan)
        {
            DeltaSpent = entry.Delta,
            DeltaRemaining = budget?.DeltaRemaining ?? 0,
            ReleaseThreshold = plan.PrivateKey is null ? null : new PartitionSelection(plan.SelectionEpsilon, plan.Delta, plan.MaxPartitionsPerUnit).Threshold,
            IntervalUnits = plan.Query.Items.Select(i => i.Expression is AggregateCall a
                ? a.Function is AggregateFunction.Median or AggregateFunction.PercentileCont ? "rank" : "value"
                : null).ToList(),
        };
    }

    /// <summary>HAVING on the noisy rows (post-processing): each select item's expression, or its alias, refers to the released value.</summary>
    private static (List<object?[]> Rows, List<double?[]> Intervals) Having(SelectStatement query, List<object?[]> rows, List<double?[]> intervals)
    {
        if (query.Having is null)
        {
            return (rows, intervals);
        }
        var items = query.Items.Select(i => i.Expression.ToSql()).ToList();
        var relation = new Relation(
            query.Items.Select((item, c) => new RelationColumn(null, "$item" + c, rows.Select(r => r[c]).ToArray())).ToList(), rows.Count);
        var condition = SqlRewriter.Rewrite(query.Having, node =>
        {
            var c = items.IndexOf(node.ToSql());
            if (c < 0 && node is ColumnReference { Qualifier: null } reference)
            {
                c = query.Items.ToList().FindIndex(i => string.Equals(i.Alias, reference.Name, StringComparison.OrdinalIgnoreCase));
            }
            return c >= 0 ? new ColumnReference(null, "$item" + c) { Span = node.Span } : null;
        });
        var predicate = new RowExpressionCompiler(relation).Compile(condition);
        var keep = Enumerable.Range(0, rows.Count).Where(r => SqlValues.Truth(predicate(r)) == true).ToList();
        return (keep.Select(r => rows[r]).ToList(), keep.Select(r => intervals[r]).ToList());
    }
}
