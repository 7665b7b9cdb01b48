using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// The Laplace mechanism for a real-valued query of L1 sensitivity Δ (Dwork, McSherry, Nissim &amp;
/// Smith 2006): ε-DP. Implemented without floating-point noise, as OpenDP and Google's libraries do:
/// the value is rounded exactly to a grid 2^k about 2^−30 of the scale, exact discrete Laplace
/// noise (<see cref="DiscreteLaplaceSampler"/>) is added in grid units, and the result is returned as
/// a double. Rounding can add one grid step to the sensitivity, so the scale is
/// b = (Δ + 2^k)/ε and the privacy map is d ↦ (d + 2^k)/b, exactly ε at d = Δ.
/// </summary>
/// <remarks>
/// Input domain: finite doubles (clamp to declared bounds first); input metric: absolute distance;
/// output measure: <see cref="PureDp"/>.
/// </remarks>
public sealed record LaplaceMechanism
{
    private readonly Rational _scaleInUnits;

    /// <summary>Calibrates the mechanism.</summary>
    /// <param name="sensitivity">The declared L1 sensitivity Δ; positive.</param>
    /// <param name="epsilon">The privacy parameter ε; positive.</param>
    public LaplaceMechanism(double sensitivity, double epsilon)
    {
        DyadicGrid.CheckPositive(sensitivity, nameof(sensitivity));
        DyadicGrid.CheckPositive(epsilon, nameof(epsilon));
        Sensitivity = sensitivity;
        Epsilon = epsilon;
        var delta = Rational.FromDouble(sensitivity);
        var eps = Rational.FromDouble(epsilon);
        GridExponent = DyadicGrid.ExponentFor(delta / eps);
        var scale = (delta + Rational.PowerOfTwo(GridExponent)) / eps;
        Scale = scale.ToDouble();
        _scaleInUnits = scale / Rational.PowerOfTwo(GridExponent);
    }

    /// <summary>The declared L1 sensitivity Δ.</summary>
    public double Sensitivity { get; }

    /// <summary>The privacy parameter ε.</summary>
    public double Epsilon { get; }

    /// <summary>The noise scale b = (Δ + 2^k)/ε.</summary>
    public double Scale { get; }

    /// <summary>The grid exponent k: releases are multiples of 2^k.</summary>
    public int GridExponent { get; }

    /// <summary>The cost of one release at the declared sensitivity: ε-DP.</summary>
    public PureDp Cost => Map(Sensitivity);

    /// <summary>The privacy map: the cost for inputs at most <paramref name="sensitivity"/> apart.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <returns>ε' = (d + 2^k)/b, rounded up.</returns>
    public PureDp Map(double sensitivity)
    {
        DyadicGrid.CheckFinite(sensitivity, nameof(sensitivity));
        var d = Rational.FromDouble(Math.Max(0, sensitivity)) / Rational.PowerOfTwo(GridExponent);
        return new PureDp(((d + Rational.One) / _scaleInUnits).ToDoubleUp());
    }

    /// <summary>Whether inputs at most <paramref name="sensitivity"/> apart stay within <paramref name="budget"/>.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <param name="budget">The most this release may cost.</param>
    /// <returns>True if <c>Map(sensitivity)</c> is within the budget.</returns>
    public bool Check(double sensitivity, PureDp budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Map(sensitivity).Epsilon <= budget.Epsilon;
    }

    /// <summary>Releases <paramref name="value"/> with Laplace noise. Charge <see cref="Cost"/> first.</summary>
    /// <param name="value">The true (clamped) value.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>The noisy value, a multiple of 2^k.</returns>
    public double Release(double value, IRandomBits random)
    {
        DyadicGrid.CheckFinite(value, nameof(value));
        BigInteger noise = DiscreteLaplaceSampler.Sample(random, _scaleInUnits);
        return DyadicGrid.ToDouble(DyadicGrid.Round(value, GridExponent) + noise, GridExponent);
    }

    /// <summary>
    /// Half-width h of a (1 − α) confidence interval: P(|release − value| ≤ h) ≥ 1 − α, from the
    /// exact discrete Laplace tail plus half a grid step of rounding (≈ b ln(1/α)).
    /// </summary>
    /// <param name="alpha">The miss probability, 0.05 for a 95% interval.</param>
    /// <returns>The half-width in value units.</returns>
    public double ConfidenceHalfWidth(double alpha = 0.05) =>
        DiscreteLaplaceMechanism.TailUnits(_scaleInUnits.ToDouble(), alpha) * Math.ScaleB(1, GridExponent) + Math.ScaleB(0.5, GridExponent);
}
