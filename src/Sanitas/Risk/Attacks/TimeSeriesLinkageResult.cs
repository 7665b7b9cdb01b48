namespace Sanitas.Risk.Attacks;

/// <summary>What a <see cref="TimeSeriesLinkageAttack"/> achieved.</summary>
/// <param name="Targets">Traces the adversary tried to re-identify.</param>
/// <param name="Correct">Targets whose nearest reference was their own (top-1).</param>
/// <param name="DtwComputed">DTW computations actually run (the rest were pruned by LB_Keogh).</param>
/// <param name="Pairs">All target-reference pairs (what a brute-force search computes).</param>
/// <param name="Result">Top-1 accuracy as an <see cref="AttackResult"/> (baseline 1/N references).</param>
public sealed record TimeSeriesLinkageResult(int Targets, int Correct, long DtwComputed, long Pairs, AttackResult Result)
{
    /// <summary>The share of pairs LB_Keogh pruned.</summary>
    public double Pruned => Pairs == 0 ? 0 : 1 - ((double)DtwComputed / Pairs);
}
