namespace Sanitas.Synthesis;

/// <summary>
/// How well the synthetic table matches one noisy marginal the mechanism released: both are DP, so this
/// is post-processing (no privacy cost) and says nothing about the real rows beyond the release.
/// </summary>
/// <param name="Attributes">The marginal's columns.</param>
/// <param name="Cells">Its cells (after MST's domain compression, where it applied).</param>
/// <param name="Sigma">The Gaussian noise σ of a cell (a merged cell of k values: σ√k).</param>
/// <param name="Tvd">
/// ½ Σ |q_i − p̂_i|: q the synthetic table's marginal (normalized), p̂ the released noisy counts with negative
/// cells set to 0, normalized (uniform when no cell is positive).
/// </param>
/// <param name="NoiseTvd">
/// The TVD expected from the noise alone: E ½ Σ |q_i − max(0, N̂ q_i + σ_i Z_i)/S| if the synthetic marginal were the
/// truth (N̂ the DP estimate of the table's size, S the clipped total, normalized as the release is), estimated by
/// simulating the noise. A <see cref="Tvd"/> well above it is model (or sampling) error, not noise.
/// </param>
public sealed record MeasurementFit(IReadOnlyList<string> Attributes, int Cells, double Sigma, double Tvd, double NoiseTvd)
{
    /// <summary><see cref="Tvd"/> − <see cref="NoiseTvd"/>: how far beyond the noise the synthetic table is from this release.</summary>
    public double Excess => Tvd - NoiseTvd;
}
