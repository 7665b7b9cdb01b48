namespace Sanitas.Risk;

/// <summary>
/// The <c>risk:</c> section of an anonymization configuration: the re-identification risk the
/// output must not exceed, and how to raise protection step by step until it passes (the closed
/// loop of <c>sanitas anonymize</c>; the risk measures themselves live in <c>Sanitas.Risk</c>).
/// </summary>
public sealed record RiskSettings
{
    /// <summary>The per-record risk above which a record counts as at risk (<c>threshold</c>, default 0.2).</summary>
    public double Threshold { get; init; } = 0.2;

    /// <summary>The sample's share of the population (<c>samplingFraction</c>, default 0.1).</summary>
    public double SamplingFraction { get; init; } = 0.1;

    /// <summary>
    /// The limits the output must meet (<c>maxHighestProsecutor</c>, <c>maxAverageProsecutor</c>,
    /// <c>maxRecordsAtRisk</c>, <c>maxPopulationUniques</c>, <c>maxAttackAdvantage</c>); per-attack limits come from
    /// <see cref="Attacks"/> (see <see cref="Thresholds"/>).
    /// </summary>
    public RiskThresholds Limits { get; init; } = new();

    /// <summary>The simulated attacks <c>sanitas risk</c> runs (<c>attacks</c>; default none).</summary>
    public IReadOnlyList<RiskAttackSettings> Attacks { get; init; } = [];

    /// <summary>What to strengthen, in turn, while the output fails (<c>escalate</c>: <c>k</c>, <c>l</c>, <c>t</c>, <c>suppression</c>; default k then suppression).</summary>
    public IReadOnlyList<string> Escalate { get; init; } = ["k", "suppression"];

    /// <summary>The most re-anonymizations after the first (<c>maxSteps</c>, default 10).</summary>
    public int MaxSteps { get; init; } = 10;

    /// <summary>The options the risk measures run with: this section's threshold and sampling fraction.</summary>
    /// <param name="suda">Whether to compute SUDA's special uniques too.</param>
    /// <returns>The measurement options.</returns>
    public RiskOptions MeasurementOptions(bool suda = false) => new() { Threshold = Threshold, SamplingFraction = SamplingFraction, Suda = suda };

    /// <summary>Every limit the output is checked against: <see cref="Limits"/> and each attack's own <c>maxAdvantage</c>.</summary>
    /// <returns>The thresholds of the report.</returns>
    public RiskThresholds Thresholds() => Limits with
    {
        MaxAdvantageByAttack = Attacks.Any(a => a.MaxAdvantage is not null)
            ? Attacks.Where(a => a.MaxAdvantage is not null).ToDictionary(a => a.Name, a => a.MaxAdvantage!.Value, StringComparer.Ordinal)
            : Limits.MaxAdvantageByAttack,
    };
}
