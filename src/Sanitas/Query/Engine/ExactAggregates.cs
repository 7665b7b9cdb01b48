using System.Globalization;

namespace Sanitas.Query;

/// <summary>
/// The exact aggregates of the in-memory engine over one group's rows (COUNT, COUNT(DISTINCT), SUM,
/// AVG, VARIANCE, STDDEV, MEDIAN, PERCENTILE_CONT, MIN, MAX), with the value semantics of
/// <see cref="SqlValues"/>: the reference the databases are compared against, never released.
/// </summary>
internal static class ExactAggregates
{
    /// <summary>One aggregate over a group's rows, without noise.</summary>
    internal static object? Compute(AggregateCall call, RowExpressionCompiler compiler, List<int> rows)
    {
        if (call.IsCountStar)
        {
            return (long)rows.Count;
        }
        var argument = compiler.Compile(call.Argument);
        var values = new List<object>(rows.Count);
        foreach (var r in rows)
        {
            if (argument(r) is { } v)
            {
                values.Add(v);
            }
        }
        if (call.Distinct)
        {
            values = values.DistinctBy(v => v is long or double ? "n" + SqlValues.ToDouble(v).ToString("R", CultureInfo.InvariantCulture) : "s" + SqlValues.Text(v)).ToList();
        }
        if (call.Function == AggregateFunction.Count)
        {
            return (long)values.Count;
        }
        if (values.Count == 0)
        {
            return null;
        }
        if (call.Function is AggregateFunction.Min or AggregateFunction.Max)
        {
            var best = values[0];
            foreach (var v in values)
            {
                var c = SqlValues.Compare(v, best);
                if (call.Function == AggregateFunction.Min ? c < 0 : c > 0)
                {
                    best = v;
                }
            }
            return best;
        }
        if (values.Any(v => !SqlValues.IsNumber(v)))
        {
            throw new QueryException(call.Span, $"{call.ToSql()} needs numbers.");
        }
        switch (call.Function)
        {
            case AggregateFunction.Sum:
                return values.All(v => v is long) ? values.Sum(v => (long)v) : values.Sum(SqlValues.ToDouble);
            case AggregateFunction.Avg:
                return values.Average(SqlValues.ToDouble);
            case AggregateFunction.Variance or AggregateFunction.StdDev:
                {
                    if (values.Count < 2)
                    {
                        return null;
                    }
                    var mean = values.Average(SqlValues.ToDouble);
                    var variance = values.Sum(v => Math.Pow(SqlValues.ToDouble(v) - mean, 2)) / (values.Count - 1);
                    return call.Function == AggregateFunction.Variance ? variance : Math.Sqrt(variance);
                }
            case AggregateFunction.Median or AggregateFunction.PercentileCont:
                {
                    var p = 0.5;
                    if (call.Function == AggregateFunction.PercentileCont)
                    {
                        p = call.Percentile switch
                        {
                            DecimalLiteral d => (double)d.Value,
                            IntegerLiteral i => i.Value,
                            _ => throw new QueryException(call.Span, "PERCENTILE_CONT needs a constant fraction between 0 and 1."),
                        };
                        if (p is < 0 or > 1)
                        {
                            throw new QueryException(call.Percentile!.Span, $"PERCENTILE_CONT's fraction must be between 0 and 1, got {p.ToString(CultureInfo.InvariantCulture)}.");
                        }
                    }
                    var sorted = values.Select(SqlValues.ToDouble).Order().ToArray();
                    var position = p * (sorted.Length - 1);
                    var lower = (int)Math.Floor(position);
                    var upper = Math.Min(lower + 1, sorted.Length - 1);
                    return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
                }
            default:
                throw new QueryException(call.Span, $"{call.Function} is not supported.");
        }
    }
}
