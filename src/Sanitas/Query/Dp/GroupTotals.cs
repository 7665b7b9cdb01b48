namespace Sanitas.Query;

/// <summary>
/// The exact, bounded totals of one aggregate per group, before noise: the row or value count, the
/// sum and the sum of squares of the clamped (and, for AVG and VARIANCE, centred) values, and for
/// quantiles the clamped values themselves. Computed in memory or by the database.
/// </summary>
internal sealed class GroupTotals(int groups)
{
    public double[] Count { get; } = new double[groups];

    public double[] Sum { get; } = new double[groups];

    public double[] Squares { get; } = new double[groups];

    public List<double>[]? Values { get; set; }

    /// <summary>The exact totals of one aggregate per group over the kept (bounded) rows.</summary>
    internal static GroupTotals FromRows(DpAggregate aggregate, List<BoundedRow> kept, RowExpressionCompiler compiler, int groups)
    {
        var call = aggregate.Call;
        var totals = new GroupTotals(groups);
        if (call.IsCountStar)
        {
            foreach (var (_, g, _, inRows) in kept)
            {
                totals.Count[g] += inRows ? 1 : 0;
            }
            return totals;
        }
        var argument = compiler.Compile(call.Argument);
        if (call.Function == AggregateFunction.Count)
        {
            var seen = Enumerable.Range(0, groups).Select(_ => new HashSet<object>(SqlValueComparer.Instance)).ToArray();
            foreach (var (r, g, _, inRows) in kept)
            {
                // A count of persons counts every person the group bound kept (bounded by G only); other counts the rows R kept.
                if ((inRows || aggregate.CountsPersons) && argument(r) is { } v && (!call.Distinct || seen[g].Add(v)))
                {
                    totals.Count[g]++;
                }
            }
            return totals;
        }
        var quantile = call.Function is AggregateFunction.Median or AggregateFunction.PercentileCont;
        if (quantile)
        {
            totals.Values = Enumerable.Range(0, groups).Select(_ => new List<double>()).ToArray();
        }
        var center = NoisyAggregation.Center(aggregate);
        foreach (var (r, g, _, inRows) in kept)
        {
            if (inRows && argument(r) is { } v && SqlValues.IsNumber(v))
            {
                // NaN counts as the upper bound, as in PostgreSQL, where it sorts above every number.
                var raw = SqlValues.ToDouble(v);
                var x = double.IsNaN(raw) ? aggregate.Upper : Math.Clamp(raw, aggregate.Lower, aggregate.Upper);
                totals.Values?[g].Add(x);
                var y = x - center;
                totals.Count[g]++;
                totals.Sum[g] += y;
                totals.Squares[g] += y * y;
            }
        }
        return totals;
    }

    /// <summary>Reads the database's per-group totals into the in-memory form.</summary>
    internal static GroupTotals[] FromDatabase(DpQueryPlan plan, Relation result)
    {
        var groupCount = (int)plan.GroupCount;
        var strides = DpGroupIndex.Strides(plan);
        var domainIndex = DpGroupIndex.Positions(plan);
        var totals = plan.Aggregates.Select(_ => new GroupTotals(groupCount)).ToArray();
        double Number(string name, int row) => result.Columns.First(c => c.Name == name).Values[row] is { } v ? SqlValues.ToDouble(v) : 0;
        for (var r = 0; r < result.RowCount; r++)
        {
            var group = 0;
            var inDomain = true;
            for (var k = 0; k < plan.Keys.Count && inDomain; k++)
            {
                // The pre-aggregations filter the public domains after grouping: skip the other groups.
                inDomain = result.Columns[k].Values[r] is { } value && domainIndex[k].TryGetValue(value, out var position) && (group += position * strides[k]) >= 0;
            }
            if (!inDomain)
            {
                continue;
            }
            for (var a = 0; a < totals.Length; a++)
            {
                totals[a].Count[group] = Number("c" + a, r);
                if (result.Columns.Any(c => c.Name == "s" + a))
                {
                    totals[a].Sum[group] = Number("s" + a, r);
                }
                if (result.Columns.Any(c => c.Name == "q" + a))
                {
                    totals[a].Squares[group] = Number("q" + a, r);
                }
            }
        }
        return totals;
    }
}
