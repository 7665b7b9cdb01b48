using System.Text.Json;

namespace Sanitas.Query;

/// <summary>
/// The released answer of a DP query as it leaves Sanitas: the shape the command line's
/// <c>query --format json</c> and the service's query endpoint both write, so the two never drift apart.
/// Everything in it is either the noisy release, a function of the declared metadata and the cost
/// (intervals, τ), or the analyst's budget: nothing is read from the data outside the mechanism.
/// </summary>
/// <param name="Columns">The output column names.</param>
/// <param name="Rows">The rows: group keys as they are, aggregates with noise.</param>
/// <param name="ConfidenceIntervals">Per cell, the half-width of a 95% interval for the noise (null for group keys).</param>
/// <param name="IntervalUnits">Per column, the units of its intervals: "value", "rank" or null for group keys.</param>
/// <param name="EpsilonSpent">The ε this query charged.</param>
/// <param name="EpsilonRemaining">The analyst's ε left after it.</param>
/// <param name="DeltaSpent">The δ this query charged.</param>
/// <param name="DeltaRemaining">The analyst's δ left after it.</param>
/// <param name="ReleaseThreshold">With a private group key, the threshold τ under which groups are not shown; null otherwise.</param>
public sealed record DpQueryAnswer(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    IReadOnlyList<IReadOnlyList<double?>> ConfidenceIntervals,
    IReadOnlyList<string?> IntervalUnits,
    double EpsilonSpent,
    double EpsilonRemaining,
    double DeltaSpent,
    double DeltaRemaining,
    long? ReleaseThreshold)
{
    /// <summary>The JSON settings of the answer: camelCase names, as the service writes them.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The answer of a released result (the plan, which holds the parsed query, stays behind).</summary>
    /// <param name="result">The released result.</param>
    /// <returns>The answer.</returns>
    public static DpQueryAnswer From(DpQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Columns, result.Rows, result.ConfidenceIntervals, result.IntervalUnits, result.EpsilonSpent,
            result.EpsilonRemaining, result.DeltaSpent, result.DeltaRemaining, result.ReleaseThreshold);
    }

    /// <summary>The answer as JSON (camelCase names).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
