using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// The geometric mechanism for integer queries (Ghosh, Roughgarden &amp; Sundararajan 2009): adds
/// discrete Laplace noise of scale Δ/ε, drawn exactly (<see cref="DiscreteLaplaceSampler"/>), to an
/// integer query of L1 sensitivity Δ. ε-DP; the privacy map is d ↦ d/scale.
/// </summary>
/// <remarks>
/// Input domain: 64-bit integers; input metric: absolute distance; output measure: <see cref="PureDp"/>.
/// </remarks>
public sealed record DiscreteLaplaceMechanism
{
    private readonly Rational _scale;

    /// <summary>Calibrates the mechanism.</summary>
    /// <param name="sensitivity">The declared L1 sensitivity Δ; positive.</param>
    /// <param name="epsilon">The privacy parameter ε; positive.</param>
    public DiscreteLaplaceMechanism(long sensitivity, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensitivity);
        DyadicGrid.CheckPositive(epsilon, nameof(epsilon));
        Sensitivity = sensitivity;
        Epsilon = epsilon;
        _scale = Rational.FromInteger(sensitivity) / Rational.FromDouble(epsilon);
        Scale = _scale.ToDouble();
    }

    /// <summary>The declared L1 sensitivity Δ.</summary>
    public long Sensitivity { get; }

    /// <summary>The privacy parameter ε.</summary>
    public double Epsilon { get; }

    /// <summary>The noise scale Δ/ε.</summary>
    public double Scale { get; }

    /// <summary>The cost of one release at the declared sensitivity: ε-DP.</summary>
    public PureDp Cost => Map(Sensitivity);

    /// <summary>The privacy map: the cost for inputs at most <paramref name="sensitivity"/> apart.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <returns>ε' = d/scale, rounded up.</returns>
    public PureDp Map(long sensitivity) =>
        new((Rational.FromInteger(Math.Max(0, sensitivity)) / _scale).ToDoubleUp());

    /// <summary>Whether inputs at most <paramref name="sensitivity"/> apart stay within <paramref name="budget"/>.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <param name="budget">The most this release may cost.</param>
    /// <returns>True if <c>Map(sensitivity)</c> is within the budget.</returns>
    public bool Check(long sensitivity, PureDp budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Map(sensitivity).Epsilon <= budget.Epsilon;
    }

    /// <summary>Releases <paramref name="value"/> plus discrete Laplace noise. Charge <see cref="Cost"/> first.</summary>
    /// <param name="value">The true (bounded) integer.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>The noisy integer.</returns>
    /// <exception cref="OverflowException">The noisy value does not fit in 64 bits.</exception>
    public long Release(long value, IRandomBits random)
    {
        BigInteger noise = DiscreteLaplaceSampler.Sample(random, _scale);
        return checked((long)(value + noise));
    }

    /// <summary>
    /// Half-width m of a (1 − α) confidence interval: the smallest integer with
    /// P(|Y| &gt; m) = 2q^{m+1}/(1 + q) ≤ α, q = e^{−1/scale}.
    /// </summary>
    /// <param name="alpha">The miss probability, 0.05 for a 95% interval.</param>
    /// <returns>The half-width.</returns>
    public long ConfidenceHalfWidth(double alpha = 0.05) => (long)TailUnits(Scale, alpha);

    internal static double TailUnits(double scale, double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be in (0, 1).");
        }
        var q = Math.Exp(-1 / scale);
        return Math.Max(0, Math.Ceiling((scale * Math.Log(2 / (alpha * (1 + q)))) - 1));
    }
}
