using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// The discrete Gaussian mechanism for integer queries (Canonne, Kamath &amp; Steinke 2020,
/// Theorem 4): adding N_Z(0, σ²) noise, drawn exactly, to an integer query of L2 sensitivity Δ is
/// ρ-zCDP with ρ = Δ²/(2σ²). Calibrated from ρ: σ² = Δ²/(2ρ), kept as an exact rational.
/// </summary>
/// <remarks>
/// Input domain: 64-bit integers; input metric: absolute (L2) distance; output measure:
/// <see cref="ZeroConcentratedDp"/>.
/// </remarks>
public sealed record DiscreteGaussianMechanism
{
    private readonly Rational _variance;

    /// <summary>Calibrates the mechanism.</summary>
    /// <param name="sensitivity">The declared sensitivity Δ; positive.</param>
    /// <param name="rho">The zCDP parameter ρ; positive.</param>
    public DiscreteGaussianMechanism(long sensitivity, double rho)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensitivity);
        DyadicGrid.CheckPositive(rho, nameof(rho));
        Sensitivity = sensitivity;
        Rho = rho;
        var d = Rational.FromInteger(sensitivity);
        _variance = d * d / (Rational.FromDouble(rho) * Rational.FromInteger(2));
        Sigma = Math.Sqrt(_variance.ToDouble());
    }

    /// <summary>The declared sensitivity Δ.</summary>
    public long Sensitivity { get; }

    /// <summary>The zCDP parameter ρ.</summary>
    public double Rho { get; }

    /// <summary>The noise parameter σ = Δ/√(2ρ).</summary>
    public double Sigma { get; }

    /// <summary>The cost of one release at the declared sensitivity: ρ-zCDP.</summary>
    public ZeroConcentratedDp Cost => Map(Sensitivity);

    /// <summary>The privacy map: ρ' = d²/(2σ²), rounded up.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <returns>ρ'.</returns>
    public ZeroConcentratedDp Map(long sensitivity)
    {
        var d = Rational.FromInteger(Math.Max(0, sensitivity));
        return new ZeroConcentratedDp((d * d / (_variance * Rational.FromInteger(2))).ToDoubleUp());
    }

    /// <summary>Whether inputs at most <paramref name="sensitivity"/> apart stay within <paramref name="budget"/>.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <param name="budget">The most this release may cost.</param>
    /// <returns>True if <c>Map(sensitivity)</c> is within the budget.</returns>
    public bool Check(long sensitivity, ZeroConcentratedDp budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Map(sensitivity).Rho <= budget.Rho;
    }

    /// <summary>Releases <paramref name="value"/> plus discrete Gaussian noise. Charge <see cref="Cost"/> first.</summary>
    /// <param name="value">The true (bounded) integer.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>The noisy integer.</returns>
    /// <exception cref="OverflowException">The noisy value does not fit in 64 bits.</exception>
    public long Release(long value, IRandomBits random)
    {
        BigInteger noise = DiscreteGaussianSampler.Sample(random, _variance);
        return checked((long)(value + noise));
    }

    /// <summary>
    /// Half-width of an approximately (1 − α) confidence interval: ⌈z₁₋α/₂ σ⌉ (the discrete Gaussian
    /// has variance at most σ² and is close to normal for σ ≥ 1).
    /// </summary>
    /// <param name="alpha">The miss probability, 0.05 for a 95% interval.</param>
    /// <returns>The half-width.</returns>
    public long ConfidenceHalfWidth(double alpha = 0.05) =>
        (long)Math.Ceiling(NormalDistribution.Quantile(1 - (alpha / 2)) * Sigma);
}
