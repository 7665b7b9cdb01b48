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

    /// <summary>The largest allowed highest prosecutor risk (<c>maxHighestProsecutor</c>).</summary>
    public double? MaxHighestProsecutor { get; init; }

    /// <summary>The largest allowed average prosecutor risk (<c>maxAverageProsecutor</c>).</summary>
    public double? MaxAverageProsecutor { get; init; }

    /// <summary>The largest allowed share of records at risk (<c>maxRecordsAtRisk</c>).</summary>
    public double? MaxRecordsAtRisk { get; init; }

    /// <summary>The largest allowed estimated share of population uniques (<c>maxPopulationUniques</c>).</summary>
    public double? MaxPopulationUniques { get; init; }

    /// <summary>The largest allowed attack advantage (<c>maxAttackAdvantage</c>).</summary>
    public double? MaxAttackAdvantage { get; init; }

    /// <summary>The simulated attacks <c>sanitas risk</c> runs (<c>attacks</c>; default none).</summary>
    public IReadOnlyList<RiskAttackSettings> Attacks { get; init; } = [];

    /// <summary>What to strengthen, in turn, while the output fails (<c>escalate</c>: <c>k</c>, <c>l</c>, <c>t</c>, <c>suppression</c>; default k then suppression).</summary>
    public IReadOnlyList<string> Escalate { get; init; } = ["k", "suppression"];

    /// <summary>The most re-anonymizations after the first (<c>maxSteps</c>, default 10).</summary>
    public int MaxSteps { get; init; } = 10;
}
