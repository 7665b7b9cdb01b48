namespace Sanitas.Workflows;

/// <summary>The DTW re-identification attack on one release.</summary>
/// <param name="SuccessRate">Share of persons the adversary re-identifies (expected, when a group's traces are identical and one is picked at random).</param>
/// <param name="Targets">Persons attacked.</param>
/// <param name="Baseline">Guessing among the persons: 1/N.</param>
public sealed record TimeSeriesAttackOutcome(double SuccessRate, int Targets, double Baseline);
