namespace Sanitas.Risk;

/// <summary>sdcMicro's global risk in a <see cref="RiskReport"/>.</summary>
/// <param name="Mean">The global risk: the mean individual risk (<c>global_risk</c>).</param>
/// <param name="ExpectedReidentifications">The sum of individual risks (<c>global_risk_ER</c>).</param>
public sealed record GlobalRiskSummary(double Mean, double ExpectedReidentifications);
