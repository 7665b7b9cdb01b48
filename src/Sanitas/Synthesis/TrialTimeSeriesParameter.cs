namespace Sanitas.Synthesis;

/// <summary>One released parameter of the trial's time-series model.</summary>
/// <param name="Name">The parameter (e.g. <c>baseline</c>, <c>offset.left.hallux</c>, <c>ar.phi</c>).</param>
/// <param name="Low">Its declared lower bound (each patient's value is clamped to it).</param>
/// <param name="High">Its declared upper bound.</param>
/// <param name="Mean">The DP mean over patients.</param>
/// <param name="Spread">The DP mean absolute deviation from <paramref name="Mean"/> over patients.</param>
public sealed record TrialTimeSeriesParameter(string Name, double Low, double High, double Mean, double Spread);
