using Sanitas.Privacy.Renyi;

namespace Sanitas.Synthesis.Gan;

/// <summary>
/// The privacy accounting of DP-CTGAN in Rényi DP (Mironov 2017): the noisy 1-way marginals are
/// ρ_m-zCDP in all (discrete Gaussian, Canonne, Kamath &amp; Steinke 2020), i.e. (α, αρ_m)-RDP at every
/// order — the sampled Gaussian with q = 1 and σ = 1/√(2ρ_m) — and the discriminator's T DP-SGD steps
/// are the Poisson-sampled Gaussian mechanism at rate q and noise multiplier σ (Mironov, Talwar &amp;
/// Zhang 2019) as Learning's DP-SGD (<see cref="RenyiAccountant"/>). The curves add order by order; the
/// sum becomes (ε, δ) by Balle et al. 2020's conversion. The orders are TensorFlow Privacy's short list
/// of fractional orders and the integers to 64, then up to 1,024 (Opacus's list stops at 63, which
/// cannot reach ε below about 0.3 at δ = 1e-9; its 99 fractional orders made the σ search slow).
/// </summary>
internal static class DpCtganAccountant
{
    public static IReadOnlyList<double> Orders { get; } =
        [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, .. Enumerable.Range(5, 60).Select(x => (double)x), 72, 80, 96, 112, 128, 160, 192, 256, 384, 512, 768, 1024];

    /// <summary>The (ε, δ) of the marginals at ρ_m followed by T steps at (q, σ).</summary>
    public static RenyiEpsilon Epsilon(double marginalRho, double samplingRate, double noiseMultiplier, long steps, double delta) =>
        RenyiAccountant.Epsilon([MarginalPhase(marginalRho), new SampledGaussianPhase(samplingRate, noiseMultiplier, steps)], delta, Orders);

    /// <summary>The (ε, δ) of the marginals alone (the floor no σ can go below).</summary>
    public static RenyiEpsilon MarginalEpsilon(double marginalRho, double delta) =>
        RenyiAccountant.Epsilon([MarginalPhase(marginalRho)], delta, Orders);

    /// <summary>
    /// The smallest σ (relative precision 1e-6) with ε(ρ_m, q, σ, T) ≤ <paramref name="epsilon"/>, by
    /// bisection on the decreasing ε(σ); the upper end is returned, so the bound always holds. Null when
    /// even σ = 10⁶ overspends.
    /// </summary>
    public static double? NoiseMultiplier(double marginalRho, double samplingRate, long steps, double epsilon, double delta) =>
        NoiseMultiplierSearch.LeastFitting(sigma => Epsilon(marginalRho, samplingRate, sigma, steps, delta).Epsilon, epsilon);

    private static SampledGaussianPhase MarginalPhase(double rho) => new(1, 1 / Math.Sqrt(2 * rho), 1);
}
