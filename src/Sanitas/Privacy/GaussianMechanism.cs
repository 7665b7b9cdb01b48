using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// The Gaussian mechanism for a real-valued query of L2 sensitivity Δ with σ from Balle &amp; Wang's
/// analytic calibration (ICML 2018, Algorithm 1), the smallest σ with
/// Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ) ≤ δ, found by bisection. The release rounds the value
/// to a grid 2^k about 2^−30 of σ and adds exact discrete Gaussian noise
/// (<see cref="DiscreteGaussianSampler"/>) in grid units; σ is calibrated for sensitivity Δ + 2^k.
/// </summary>
/// <remarks>
/// Proven: ρ-zCDP with ρ = (Δ + 2^k)²/(2σ²) (Canonne, Kamath &amp; Steinke 2020, Theorem 4), see
/// <see cref="ZeroConcentratedCost"/>. The (ε, δ) map is the continuous Gaussian's; at σ ≈ 2^30 grid
/// units the discrete Gaussian's privacy profile matches it to within numerical noise, but that is
/// not proven here, hence experimental.
/// </remarks>
[Experimental(PrivacyExperiments.AnalyticGaussianOnDiscreteNoise)]
public sealed record GaussianMechanism
{
    private readonly Rational _varianceInUnits;

    /// <summary>Calibrates the mechanism.</summary>
    /// <param name="sensitivity">The declared L2 sensitivity Δ; positive.</param>
    /// <param name="epsilon">ε; positive.</param>
    /// <param name="delta">δ in (0, 1).</param>
    public GaussianMechanism(double sensitivity, double epsilon, double delta)
    {
        DyadicGrid.CheckPositive(sensitivity, nameof(sensitivity));
        DyadicGrid.CheckPositive(epsilon, nameof(epsilon));
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1).");
        }
        Sensitivity = sensitivity;
        Epsilon = epsilon;
        Delta = delta;
        GridExponent = DyadicGrid.ExponentFor(Rational.FromDouble(AnalyticGaussian.Sigma(sensitivity, epsilon, delta)));
        var widened = (Rational.FromDouble(sensitivity) + Rational.PowerOfTwo(GridExponent)).ToDoubleUp();
        Sigma = AnalyticGaussian.Sigma(widened, epsilon, delta);
        var sigmaInUnits = Rational.FromDouble(Sigma) / Rational.PowerOfTwo(GridExponent);
        _varianceInUnits = sigmaInUnits * sigmaInUnits;
    }

    /// <summary>The declared L2 sensitivity Δ.</summary>
    public double Sensitivity { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>δ.</summary>
    public double Delta { get; }

    /// <summary>The noise standard deviation σ.</summary>
    public double Sigma { get; }

    /// <summary>The grid exponent k: releases are multiples of 2^k.</summary>
    public int GridExponent { get; }

    /// <summary>The cost of one release at the declared sensitivity: (ε, δ)-DP.</summary>
    public ApproximateDp Cost => Map(Sensitivity);

    /// <summary>The (ε, δ) privacy map at this ε: δ' = δ(σ, d + 2^k, ε) by Balle &amp; Wang's Theorem 8.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <returns>(ε, δ').</returns>
    public ApproximateDp Map(double sensitivity)
    {
        DyadicGrid.CheckFinite(sensitivity, nameof(sensitivity));
        var widened = (Rational.FromDouble(Math.Max(0, sensitivity)) + Rational.PowerOfTwo(GridExponent)).ToDoubleUp();
        return new ApproximateDp(Epsilon, Math.Min(1, AnalyticGaussian.Delta(Sigma, widened, Epsilon)));
    }

    /// <summary>The proven zCDP cost ρ = (d + 2^k)²/(2σ²).</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <returns>ρ, rounded up.</returns>
    public ZeroConcentratedDp ZeroConcentratedCost(double sensitivity)
    {
        DyadicGrid.CheckFinite(sensitivity, nameof(sensitivity));
        var d = (Rational.FromDouble(Math.Max(0, sensitivity)) / Rational.PowerOfTwo(GridExponent)) + Rational.One;
        return new ZeroConcentratedDp((d * d / (_varianceInUnits * Rational.FromInteger(2))).ToDoubleUp());
    }

    /// <summary>Whether inputs at most <paramref name="sensitivity"/> apart stay within <paramref name="budget"/>.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <param name="budget">The most this release may cost.</param>
    /// <returns>True if <c>Map(sensitivity)</c> is within the budget.</returns>
    public bool Check(double sensitivity, ApproximateDp budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Map(sensitivity) is var cost && cost.Epsilon <= budget.Epsilon && cost.Delta <= budget.Delta;
    }

    /// <summary>Releases <paramref name="value"/> with Gaussian noise. Charge <see cref="Cost"/> first.</summary>
    /// <param name="value">The true (clamped) value.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>The noisy value, a multiple of 2^k.</returns>
    public double Release(double value, IRandomBits random)
    {
        DyadicGrid.CheckFinite(value, nameof(value));
        BigInteger noise = DiscreteGaussianSampler.Sample(random, _varianceInUnits);
        return DyadicGrid.ToDouble(DyadicGrid.Round(value, GridExponent) + noise, GridExponent);
    }

    /// <summary>Half-width of a (1 − α) confidence interval: z₁₋α/₂ σ plus half a grid step (1.96σ at 95%).</summary>
    /// <param name="alpha">The miss probability, 0.05 for a 95% interval.</param>
    /// <returns>The half-width in value units.</returns>
    public double ConfidenceHalfWidth(double alpha = 0.05) =>
        (NormalDistribution.Quantile(1 - (alpha / 2)) * Sigma) + Math.ScaleB(0.5, GridExponent);
}
