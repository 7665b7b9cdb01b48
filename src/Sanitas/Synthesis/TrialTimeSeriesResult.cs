using Sanitas.Data;

namespace Sanitas.Synthesis;

/// <summary>Synthetic readings and the privacy log of their release.</summary>
/// <param name="Synthetic">One row per synthetic sensor reading, in the input's column layout.</param>
/// <param name="Log">What was released, at which cost (every number declared or DP).</param>
public sealed record TrialTimeSeriesResult(Table Synthetic, TrialTimeSeriesLog Log);
