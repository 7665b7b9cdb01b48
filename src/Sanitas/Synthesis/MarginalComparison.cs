namespace Sanitas.Synthesis;

/// <summary>One column's 1-way marginal in the real and the synthetic table (shares of rows per declared cell).</summary>
/// <param name="Column">The column.</param>
/// <param name="Cells">The declared cells (categories or bin labels).</param>
/// <param name="Real">The real table's shares.</param>
/// <param name="Synthetic">The synthetic table's shares.</param>
public sealed record MarginalComparison(string Column, IReadOnlyList<string> Cells, IReadOnlyList<double> Real, IReadOnlyList<double> Synthetic);
