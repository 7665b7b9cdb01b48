namespace Sanitas.Synthesis;

/// <summary>Total-variation distances between the k-way marginals of two tables on the same declared domain.</summary>
/// <param name="Degree">k.</param>
/// <param name="Mean">The mean TVD over all k-subsets of the columns.</param>
/// <param name="Max">The largest.</param>
/// <param name="Worst">The columns of the largest.</param>
/// <param name="Count">How many k-subsets.</param>
public sealed record MarginalDistance(int Degree, double Mean, double Max, IReadOnlyList<string> Worst, int Count);
