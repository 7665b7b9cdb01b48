namespace Sanitas.Risk;

/// <summary>The population-uniqueness section of a <see cref="RiskReport"/>.</summary>
/// <param name="Model">The model Dankar et al.'s rule chose: <c>pitman</c>, <c>zayatz</c>, <c>snb</c> or <c>none</c>.</param>
/// <param name="Value">The estimated fraction of the population that is unique.</param>
/// <param name="PopulationSize">The population size used.</param>
/// <param name="Zayatz">Zayatz's estimate, when computed.</param>
/// <param name="Pitman">Pitman's estimate, when computed.</param>
/// <param name="Snb">SNB's estimate, when computed.</param>
public sealed record PopulationUniquesSummary(string Model, double Value, long PopulationSize, double? Zayatz, double? Pitman, double? Snb);
