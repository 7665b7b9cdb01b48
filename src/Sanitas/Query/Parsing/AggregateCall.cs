namespace Sanitas.Query;

/// <summary>A call of an aggregate function.</summary>
/// <param name="Function">Which aggregate.</param>
/// <param name="Argument">
/// The aggregated expression; a <see cref="StarExpression"/> for <c>COUNT(*)</c>; for PERCENTILE_CONT the
/// expression ordered in WITHIN GROUP (or the first argument of the two-argument form).
/// </param>
/// <param name="Distinct">True for <c>AGG(DISTINCT expr)</c>.</param>
/// <param name="Percentile">The fraction p of PERCENTILE_CONT; null for every other aggregate.</param>
internal sealed record AggregateCall(AggregateFunction Function, SqlExpression Argument, bool Distinct, SqlExpression? Percentile) : SqlExpression
{
    /// <summary>True for <c>COUNT(*)</c>.</summary>
    public bool IsCountStar => Function == AggregateFunction.Count && Argument is StarExpression { Qualifier: null };
}
