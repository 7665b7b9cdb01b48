namespace Sanitas.Query;

/// <summary>
/// One noisy value a DP aggregate releases per group, described before anything is spent: what it
/// is, the mechanism, its sensitivity and ε, the noise scale and the half-width of its interval.
/// </summary>
/// <param name="Releases">What is noised: "count", "sum", "sum of (x − m)", "sum of (x − m)²" (m the middle of the bounds), or "rank" for a quantile.</param>
/// <param name="Mechanism">"laplace" (<see cref="Privacy.LaplaceMechanism"/>, exact discrete noise on a power-of-two grid), "exponential" (<see cref="Privacy.ExponentialMechanism"/> over a grid of candidates), or "none" when the bounds make the value constant.</param>
/// <param name="Sensitivity">Its L1 sensitivity Δ over all groups together (for the exponential mechanism, that of the utility, in rows).</param>
/// <param name="Epsilon">The ε it spends.</param>
/// <param name="Scale">Laplace: the noise scale b = (Δ + 2^k)/ε, Δ/ε up to one grid step; null for the exponential mechanism.</param>
/// <param name="GridStep">Laplace: the grid 2^k the released value is a multiple of; null otherwise.</param>
/// <param name="Candidates">Exponential mechanism: the number of grid candidates; null otherwise.</param>
/// <param name="Confidence">The probability that the noise stays within <paramref name="HalfWidth"/>: 0.95, or 1 − 0.05/3 for each of VARIANCE's three values (union bound).</param>
/// <param name="HalfWidth">Laplace: the half-width of the noise's interval (as <see cref="Privacy.LaplaceMechanism.ConfidenceHalfWidth"/>); exponential: the rank error bound (<see cref="Privacy.ExponentialMechanism.UtilityLoss"/>), in rows of the group.</param>
public sealed record DpNoiseExplanation(
    string Releases,
    string Mechanism,
    double Sensitivity,
    double Epsilon,
    double? Scale,
    double? GridStep,
    int? Candidates,
    double Confidence,
    double HalfWidth);
