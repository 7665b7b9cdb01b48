using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// What SafePub released: the anonymized sample and the numbers that are public by construction
/// (the parameters and the chosen transformation, itself an output of the exponential mechanism).
/// Nothing here is computed from the input beyond the differentially private release.
/// </summary>
public sealed record SafePubResult
{
    /// <summary>The released records: sampled records in classes of at least <see cref="SafePubParameters.K"/>, quasi-identifiers generalized, sorted by value.</summary>
    public required Table Output { get; init; }

    /// <summary>The settings as configured.</summary>
    public required DifferentialPrivacySettings Settings { get; init; }

    /// <summary>β and k derived from (ε_anon, δ).</summary>
    public required SafePubParameters Parameters { get; init; }

    /// <summary>The chosen generalization level of every quasi-identifier, in table order.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> Transformation { get; init; }

    /// <summary>The highest level of every quasi-identifier.</summary>
    public required IReadOnlyList<int> MaxLevels { get; init; }

    /// <summary>How many exponential-mechanism steps the search took (fewer than configured only when it reached the bottom of the lattice).</summary>
    public required int StepsTaken { get; init; }

    /// <summary>How many released equivalence classes the output has.</summary>
    public int EquivalenceClasses { get; init; }
}
