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
/// <param name="Epsilon">The total ε the query costs (including <see cref="SelectionEpsilon"/>).</param>
public sealed record DpQueryPlan(
    SelectStatement Query,
    string PrivacyUnit,
    int MaxRowsPerUnit,
    int MaxGroupsPerUnit,
    IReadOnlyList<DpGroupKey> Keys,
    IReadOnlyList<DpAggregate> Aggregates,
    double Epsilon)
{
    /// <summary>The number of groups released (the product of the key domains; 1 without GROUP BY; for a private key, known only after partition selection).</summary>
    public long GroupCount => Keys.Aggregate(1L, (n, k) => n * k.Domain.Count);

    /// <summary>The δ the query costs: that of partition selection when a group key is private, else 0.</summary>
    public double Delta { get; init; }

    /// <summary>The part of <see cref="Epsilon"/> spent on partition selection (0 without private keys).</summary>
    public double SelectionEpsilon { get; init; }

    /// <summary>The position of the private group key among <see cref="Keys"/>, or null when every key is public.</summary>
    public int? PrivateKey => Keys.Select((k, i) => (k, i)).Where(p => p.k.IsPrivate).Select(p => (int?)p.i).FirstOrDefault();

    /// <summary>The metadata's spelling of the query's names, for the SQL sent to a database.</summary>
    internal DatabaseNames? Names { get; init; }

    /// <summary>Δ₀ of partition selection: the most private-key groups one person contributes to after bounding, min(R, G).</summary>
    public int MaxPartitionsPerUnit => Math.Min(MaxRowsPerUnit, MaxGroupsPerUnit);
}
