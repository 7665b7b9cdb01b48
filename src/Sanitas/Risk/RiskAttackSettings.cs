using Sanitas.Configuration;

namespace Sanitas.Risk;

/// <summary>
/// One simulated attack that <c>sanitas risk</c> runs, as an entry of the <c>risk: attacks:</c>
/// list of a configuration, e.g. <c>- linkage: { quasiIdentifiers: [age, sex], maxAdvantage: 0.05 }</c>.
/// The attacks themselves live in <c>Sanitas.Risk.Attacks</c>.
/// </summary>
public sealed record RiskAttackSettings
{
    /// <summary>The attack: <c>linkage</c> (Sweeney's record linkage) or <c>inference</c> (attribute inference).</summary>
    public required string Kind { get; init; }

    /// <summary>The attack's name in checks and messages (<c>name</c>; default: its kind).</summary>
    public required string Name { get; init; }

    /// <summary>The columns the adversary knows (<c>quasiIdentifiers</c>), or <see langword="null"/> for the configuration's quasi-identifiers (without the sensitive attribute).</summary>
    public IReadOnlyList<string>? QuasiIdentifiers { get; init; }

    /// <summary>The attribute an inference attack infers (<c>sensitive</c>); <see langword="null"/> for linkage.</summary>
    public string? Sensitive { get; init; }

    /// <summary>
    /// The adversary's identified table (<c>known</c>, a CSV resolved against the configuration's
    /// folder), or <see langword="null"/> for the assessed file itself (the adversary knows the
    /// values exactly as released).
    /// </summary>
    public string? Known { get; init; }

    /// <summary>The id column shared by the known and released tables (<c>id</c>); without it, row i of both is the same person.</summary>
    public string? Id { get; init; }

    /// <summary>The largest allowed advantage of this attack (<c>maxAdvantage</c>); <see langword="null"/> for the section's <c>maxAttackAdvantage</c>.</summary>
    public double? MaxAdvantage { get; init; }

    /// <summary>Where the entry is in the configuration, for messages.</summary>
    internal ConfigPlace Place { get; init; }

    /// <summary>Where <see cref="QuasiIdentifiers"/> is, for messages (the entry when not given).</summary>
    internal ConfigPlace QuasiIdentifiersPlace { get; init; }
}
