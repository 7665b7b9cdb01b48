namespace Sanitas.Query;

/// <summary>The released answer of a DP query.</summary>
/// <param name="Columns">The output column names.</param>
/// <param name="Rows">The rows: group keys as they are, aggregates with noise.</param>
/// <param name="ConfidenceIntervals">Per cell, the half-width of a 95% interval for the noise (null for group keys; approximate for AVG), in the units <see cref="IntervalUnits"/> names per column.</param>
/// <param name="EpsilonSpent">The ε this query charged.</param>
/// <param name="EpsilonRemaining">The analyst's ε left after it.</param>
/// <param name="Plan">The plan: bounds, sensitivities and ε per aggregate.</param>
public sealed record DpQueryResult(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    IReadOnlyList<IReadOnlyList<double?>> ConfidenceIntervals,
    double EpsilonSpent,
    double EpsilonRemaining,
    DpQueryPlan Plan)
{
    /// <summary>The δ this query charged (partition selection of a private group key; 0 otherwise).</summary>
    public double DeltaSpent { get; init; }

    /// <summary>The analyst's δ left after it.</summary>
    public double DeltaRemaining { get; init; }

    /// <summary>
    /// Per column, the units of its intervals: "value" (the column's own units: counts, sums, means,
    /// variances), "rank" (MEDIAN and PERCENTILE_CONT: rows of the group between the released value's
    /// rank and the target rank p·n, beyond the best the grid allows), or null for group keys.
    /// </summary>
    public IReadOnlyList<string?> IntervalUnits { get; init; } = [];
}
