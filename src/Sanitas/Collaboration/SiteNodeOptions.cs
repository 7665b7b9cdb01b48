using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>How one centre's node runs: who it is, whom it trusts, its data and, for DP, whose budget pays.</summary>
public sealed record SiteNodeOptions
{
    /// <summary>The centre's signing identity (its name is the site name).</summary>
    public required SiteIdentity Identity { get; init; }

    /// <summary>The consortium: the pinned keys of every site and of the coordinator, and the data columns.</summary>
    public required ConsortiumConfig Consortium { get; init; }

    /// <summary>The centre's CSV file.</summary>
    public required string DataPath { get; init; }

    /// <summary>The centre's share of the threshold Paillier key (for <c>threshold-he</c>); null otherwise.</summary>
    public PaillierKeyShare? PaillierShare { get; init; }

    /// <summary>The ledger DP training is charged to (required before any DP task is answered, unless <see cref="NoLedger"/>).</summary>
    public BudgetLedger? Ledger { get; init; }

    /// <summary>The analyst charged in <see cref="Ledger"/>.</summary>
    public string? Analyst { get; init; }

    /// <summary>Answer DP tasks without a ledger (the site's own data, for demos and tests).</summary>
    public bool NoLedger { get; init; }

    /// <summary>Refuse every task that is not differentially private.</summary>
    public bool RequireDp { get; init; }

    /// <summary>The fewest rows a statistic may be computed over (a guard against a coordinator asking about a tiny fold).</summary>
    public int MinimumRows { get; init; } = 10;

    /// <summary>Requests older than this are replays and are refused.</summary>
    public TimeSpan MaximumAge { get; init; } = TimeSpan.FromMinutes(10);
}
