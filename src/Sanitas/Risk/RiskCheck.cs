namespace Sanitas.Risk;

/// <summary>One threshold check of a risk report.</summary>
/// <param name="Name">The threshold's configuration name, such as <c>maxHighestProsecutor</c>.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Limit">The largest allowed value.</param>
/// <param name="Passed">Whether <paramref name="Value"/> is at most <paramref name="Limit"/>.</param>
public sealed record RiskCheck(string Name, double Value, double Limit, bool Passed);
