namespace Sanitas.Query;

/// <summary>
/// What a DP query will release and what it costs, worked out from the SQL and the declared
/// metadata alone, before any data is read: the privacy unit and its contribution bounds, the
/// group keys with their public domains, and every noisy aggregate with its clamping bounds,
/// sensitivity and share of ε.
/// </summary>
/// <param name="Query">The parsed query.</param>
/// <param name="PrivacyUnit">The column identifying the person.</param>
/// <param name="MaxRowsPerUnit">Rows one person may contribute after bounding.</param>
/// <param name="MaxGroupsPerUnit">Groups one person may contribute to after bounding.</param>
/// <param name="Keys">The group keys and their public domains (every combination is released).</param>
/// <param name="Aggregates">The noisy aggregates.</param>
/// <param name="Epsilon">The total ε the query costs.</param>
public sealed record DpQueryPlan(
    SelectStatement Query,
    string PrivacyUnit,
    int MaxRowsPerUnit,
    int MaxGroupsPerUnit,
    IReadOnlyList<DpGroupKey> Keys,
    IReadOnlyList<DpAggregate> Aggregates,
    double Epsilon)
{
    /// <summary>The number of groups released (the product of the key domains; 1 without GROUP BY).</summary>
    public long GroupCount => Keys.Aggregate(1L, (n, k) => n * k.Domain.Count);
}
