namespace Sanitas.Query;

/// <summary>
/// A released table before HAVING, ORDER BY and LIMIT (post-processing): the output column names,
/// one row per group with its keys and noisy aggregates, and each cell's 95% half-width (null for keys).
/// </summary>
internal sealed record NoisyTable(List<string> Columns, List<object?[]> Rows, List<double?[]> Intervals);
