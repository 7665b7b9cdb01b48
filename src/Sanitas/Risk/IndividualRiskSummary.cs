namespace Sanitas.Risk;

/// <summary>sdcMicro's individual risk in a <see cref="RiskReport"/>.</summary>
/// <param name="Method">The estimator: <c>benedetti-franconi-approx</c> or <c>benedetti-franconi-exact</c>.</param>
/// <param name="Max">The highest individual risk.</param>
/// <param name="Mean">The mean individual risk.</param>
public sealed record IndividualRiskSummary(string Method, double Max, double Mean);
