using Sanitas.Data;

namespace Sanitas.Synthesis;

/// <summary>A synthetic table and the log of how it was made (both DP releases).</summary>
/// <param name="Synthetic">The synthetic table: the declared columns, values inside their declared domain.</param>
/// <param name="Log">The privacy log.</param>
public sealed record SynthesisResult(Table Synthetic, SynthesisLog Log);
