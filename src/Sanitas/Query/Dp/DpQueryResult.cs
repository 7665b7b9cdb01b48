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

    /// <summary>
    /// With a private group key: the release threshold τ of partition selection — groups whose noisy
    /// count of persons stays under τ are not shown (which ones is itself hidden). τ comes from ε_sel,
    /// δ and min(R, G), never from the data; null when every key is public (every group is shown).
    /// </summary>
    public long? ReleaseThreshold { get; init; }

    /// <summary>
    /// The same release with every COUNT (and COUNT(DISTINCT)) below 0 shown as 0: post-processing of
    /// the noisy values, so it costs no privacy, and since a true count is never negative it only moves
    /// a value towards the truth (the stated interval still holds).
    /// </summary>
    /// <returns>The result with non-negative counts.</returns>
    public DpQueryResult WithNonNegativeCounts()
    {
        var counts = Plan.Query.Items.Select(i => i.Expression is AggregateCall { Function: AggregateFunction.Count }).ToList();
        var rows = Rows.Select(row => (IReadOnlyList<object?>)row.Select((v, c) => counts[c] && v is double d && d < 0 ? 0.0 : v).ToList()).ToList();
        return this with { Rows = rows };
    }
}
