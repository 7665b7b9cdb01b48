namespace Sanitas.Risk;

/// <summary>
/// The data owner's limits: a dataset passes when every limit that is set holds. Unset limits are
/// not checked.
/// </summary>
public sealed record RiskThresholds
{
    /// <summary>The largest allowed highest prosecutor risk (e.g. 0.2: every class has at least 5 records).</summary>
    public double? MaxHighestProsecutor { get; init; }

    /// <summary>The largest allowed average prosecutor risk (e.g. 0.05).</summary>
    public double? MaxAverageProsecutor { get; init; }

    /// <summary>The largest allowed share of records whose risk is above the per-record threshold.</summary>
    public double? MaxRecordsAtRisk { get; init; }

    /// <summary>The largest allowed estimated share of population uniques.</summary>
    public double? MaxPopulationUniques { get; init; }

    /// <summary>The largest allowed advantage of any simulated attack over its baseline (e.g. 0.1).</summary>
    public double? MaxAttackAdvantage { get; init; }

    /// <summary>The largest allowed advantage per named attack (a configured attack's <c>maxAdvantage</c>), taking precedence over <see cref="MaxAttackAdvantage"/>.</summary>
    public IReadOnlyDictionary<string, double>? MaxAdvantageByAttack { get; init; }

    /// <summary>The limit of the attack named <paramref name="name"/>: its own, else <see cref="MaxAttackAdvantage"/>.</summary>
    public double? AttackLimit(string name) =>
        MaxAdvantageByAttack is not null && MaxAdvantageByAttack.TryGetValue(name, out var limit) ? limit : MaxAttackAdvantage;

    /// <summary>Whether no limit is set.</summary>
    public bool IsEmpty => MaxHighestProsecutor is null && MaxAverageProsecutor is null && MaxRecordsAtRisk is null && MaxPopulationUniques is null && MaxAttackAdvantage is null
        && (MaxAdvantageByAttack is null || MaxAdvantageByAttack.Count == 0);
}
