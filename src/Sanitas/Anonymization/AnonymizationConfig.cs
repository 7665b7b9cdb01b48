namespace Sanitas.Anonymization;

/// <summary>
/// Everything that defines an anonymization: attribute roles and hierarchies, privacy models,
/// the suppression limit, the utility metric and the search.
/// </summary>
public sealed record AnonymizationConfig
{
    /// <summary>Each attribute's role and hierarchy. Columns of the table not listed here are insensitive (kept as they are).</summary>
    public required IReadOnlyDictionary<string, AttributeSettings> Attributes { get; init; }

    /// <summary>The privacy models every released equivalence class must satisfy (at least one).</summary>
    public required IReadOnlyList<PrivacyModel> Models { get; init; }

    /// <summary>The largest share of records that may be suppressed, in [0, 1]; ARX allows ⌊limit · rows⌋ records.</summary>
    public double SuppressionLimit { get; init; }

    /// <summary>The utility metric the search minimizes.</summary>
    public UtilityMetric Metric { get; init; } = UtilityMetric.NonUniformEntropy;

    /// <summary>Treat models and metric as monotonic even with suppression: faster, but the result may not be optimal (as ARX's option).</summary>
    public bool PracticalMonotonicity { get; init; }

    /// <summary>Optimal, heuristic or automatic search.</summary>
    public SearchMode Search { get; init; } = SearchMode.Auto;

    /// <summary>The largest lattice <see cref="SearchMode.Auto"/> searches optimally.</summary>
    public long OptimalSearchLimit { get; init; } = 2_000_000;

    /// <summary>The time limit of the heuristic search.</summary>
    public TimeSpan HeuristicTimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most nodes the <see cref="SearchMode.Lightning"/> search checks (a budget independent of the machine's speed).</summary>
    public int HeuristicCheckLimit { get; init; } = int.MaxValue;

    /// <summary>The <c>differential-privacy</c> model (SafePub), or <see langword="null"/>; it replaces the other models (k comes from ε and δ).</summary>
    public DifferentialPrivacySettings? DifferentialPrivacy { get; init; }
}
