using Sanitas.Data;

namespace Sanitas.Query;

/// <summary>
/// The narrow input of a DP query: one row per source row passing WHERE, holding only what
/// bounding and aggregation need — the privacy unit ("$u"), every group key ("$k0"…) and every
/// distinct aggregate argument ("$a0"…). Computed in memory here, or by the database from
/// <see cref="DpPushdownSql.Narrow"/>; both give the same relation.
/// </summary>
internal static class DpNarrowInput
{
    /// <summary>The arguments of the plan's aggregates, once each, in order (COUNT(*) has none).</summary>
    internal static List<SqlExpression> Arguments(DpQueryPlan plan) => plan.Aggregates
        .Where(a => !a.Call.IsCountStar)
        .Select(a => a.Call.Argument)
        .GroupBy(e => e.ToSql()).Select(g => g.First()).ToList();

    /// <summary>
    /// The narrow input of a DP query, computed in memory: one row per source row passing WHERE, with
    /// the privacy unit, every group key and every aggregate argument ($u, $k0…, $a0…).
    /// </summary>
    internal static Relation InMemory(DpQueryPlan plan, IReadOnlyDictionary<string, Table> tables)
    {
        var query = plan.Query;
        var lookup = new Dictionary<string, Table>(tables, StringComparer.OrdinalIgnoreCase);
        var source = InMemoryEngine.Source(query.From, lookup, CancellationToken.None);
        var rows = InMemoryEngine.Filter(source, query.Where);
        var compiler = new RowExpressionCompiler(source);
        var unitColumn = source.Columns.FirstOrDefault(c => string.Equals(c.Name, plan.PrivacyUnit, StringComparison.OrdinalIgnoreCase))
            ?? throw new QueryException(query.From.Span, $"the privacy unit column '{plan.PrivacyUnit}' is not available in FROM.");
        var getters = new List<Func<int, object?>> { r => unitColumn.Values[r] };
        getters.AddRange(plan.Keys.Select(k => compiler.Compile(k.Evaluated)));
        getters.AddRange(Arguments(plan).Select(compiler.Compile));
        var names = Names(plan);
        var columns = getters.Select((get, c) => new RelationColumn(null, names[c], rows.Select(r => get(r)).ToArray())).ToList();
        return new Relation(columns, rows.Count);
    }

    internal static List<string> Names(DpQueryPlan plan) =>
        ["$u", .. plan.Keys.Select((_, k) => "$k" + k), .. Arguments(plan).Select((_, a) => "$a" + a)];
}
