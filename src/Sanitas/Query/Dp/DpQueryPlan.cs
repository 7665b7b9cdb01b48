namespace Sanitas.Query;

/// <summary>
/// What a DP query will release and what it costs, worked out from the SQL and the declared
/// metadata alone, before any data is read: the privacy unit and its contribution bounds, the
/// group keys with their public domains, and every noisy aggregate with its clamping bounds,
/// sensitivity and share of ε.
/// </summary>
public sealed record DpQueryPlan
{
    internal DpQueryPlan(SelectStatement query, string privacyUnit, int maxRowsPerUnit, int maxGroupsPerUnit,
        IReadOnlyList<DpGroupKey> keys, IReadOnlyList<DpAggregate> aggregates, double epsilon)
    {
        Query = query;
        PrivacyUnit = privacyUnit;
        MaxRowsPerUnit = maxRowsPerUnit;
        MaxGroupsPerUnit = maxGroupsPerUnit;
        Keys = keys;
        Aggregates = aggregates;
        Epsilon = epsilon;
    }

    /// <summary>The parsed query, as checked and rewritten by the closed expression language.</summary>
    internal SelectStatement Query { get; init; }

    /// <summary>The query as planned (the checked, rewritten form, formatted).</summary>
    public string Sql => Query.ToSql();

    /// <summary>The column identifying the person.</summary>
    public string PrivacyUnit { get; init; }

    /// <summary>R: rows one person may contribute after bounding.</summary>
    public int MaxRowsPerUnit { get; init; }

    /// <summary>G: groups one person may contribute to after bounding.</summary>
    public int MaxGroupsPerUnit { get; init; }

    /// <summary>The group keys and their public domains (every combination is released).</summary>
    public IReadOnlyList<DpGroupKey> Keys { get; init; }

    /// <summary>The noisy aggregates.</summary>
    public IReadOnlyList<DpAggregate> Aggregates { get; init; }

    /// <summary>The total ε the query costs (including <see cref="SelectionEpsilon"/>).</summary>
    public double Epsilon { get; init; }

    /// <summary>The number of groups released (the product of the key domains; 1 without GROUP BY; for a private key, known only after partition selection).</summary>
    public long GroupCount => Keys.Aggregate(1L, (n, k) => n * k.Domain.Count);

    /// <summary>R_g: the most rows one person keeps in any one group (per-partition bound; equal to R when none is declared).</summary>
    public int MaxRowsPerGroup { get; init; } = int.MaxValue;

    /// <summary>
    /// The most rows one person contributes over all groups after bounding: min(R, min(G, groups)·R_g);
    /// the L1 sensitivity, in rows, of counts, sums and quantile utilities.
    /// </summary>
    public int MaxContributedRows => (int)Math.Min(MaxRowsPerUnit,
        Math.Min(Math.Min(MaxGroupsPerUnit, MaxRowsPerUnit), PrivateKey is null ? Math.Max(1, GroupCount) : long.MaxValue) * (long)Math.Min(MaxRowsPerGroup, MaxRowsPerUnit));

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

    /// <summary>
    /// What the plan costs, composed from its mechanisms: sequential composition (Dwork and Roth 2014,
    /// Thm 3.16) of one ε-DP Laplace or exponential mechanism per noisy value (an AVG releases two, a
    /// VARIANCE or STDDEV three, each with its share of the aggregate's ε) and, with a private group key,
    /// the (ε, δ)-DP partition selection. This is what the ledger is charged.
    /// </summary>
    public Sanitas.Privacy.PrivacyCost Cost
    {
        get
        {
            var parts = new List<Sanitas.Privacy.PrivacyCost>();
            foreach (var aggregate in Aggregates)
            {
                var shares = DpQueryPlanner.Shares(aggregate.Call);
                // With partition selection in the plan, the pure parts count as (ε, 0): one measure to compose in.
                Sanitas.Privacy.PrivacyCost part = PrivateKey is null
                    ? new Sanitas.Privacy.PureDp(aggregate.Epsilon / shares)
                    : new Sanitas.Privacy.ApproximateDp(aggregate.Epsilon / shares, 0);
                parts.AddRange(Enumerable.Repeat(part, shares));
            }
            if (PrivateKey is not null)
            {
                parts.Add(new Sanitas.Privacy.ApproximateDp(SelectionEpsilon, Delta));
            }
            return Sanitas.Privacy.PrivacyComposition.Sequential(parts);
        }
    }

    /// <summary>The composed <see cref="Cost"/> as the (ε, δ) pair the ledger records.</summary>
    internal (double Epsilon, double Delta) Charge => Cost switch
    {
        Sanitas.Privacy.PureDp pure => (pure.Epsilon, 0),
        Sanitas.Privacy.ApproximateDp approximate => (approximate.Epsilon, approximate.Delta),
        var other => throw new InvalidOperationException($"a DP query plan composes to {other}, which the ledger cannot record."),
    };
}
