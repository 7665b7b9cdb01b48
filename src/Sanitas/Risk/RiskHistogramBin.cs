namespace Sanitas.Risk;

/// <summary>One bar of the per-record risk histogram: the records whose prosecutor risk is in [From, To) (the last bar includes 1).</summary>
/// <param name="From">The lower end.</param>
/// <param name="To">The upper end.</param>
/// <param name="Records">The number of records.</param>
public sealed record RiskHistogramBin(double From, double To, int Records);
