using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// Exact draws from the discrete Laplace (two-sided geometric) distribution,
/// P(Y = y) ∝ exp(−|y| / scale) on the integers, for a rational scale. Algorithm 2 of Canonne,
/// Kamath &amp; Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020): integer
/// arithmetic and exact Bernoulli coins only, so immune to floating-point attacks (Mironov 2012).
/// </summary>
public static class DiscreteLaplaceSampler
{
    /// <summary>A discrete Laplace draw with scale numerator / denominator.</summary>
    /// <param name="random">The source of bits.</param>
    /// <param name="scaleNumerator">Positive.</param>
    /// <param name="scaleDenominator">Positive.</param>
    /// <returns>An integer Y with P(Y = y) ∝ exp(−|y| / scale).</returns>
    public static BigInteger Sample(IRandomBits random, BigInteger scaleNumerator, BigInteger scaleDenominator)
    {
        if (scaleNumerator.Sign <= 0 || scaleDenominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scaleNumerator), $"The scale {scaleNumerator}/{scaleDenominator} must be positive.");
        }
        return Sample(random, new Rational(scaleNumerator, scaleDenominator));
    }

    internal static BigInteger Sample(IRandomBits random, Rational scale)
    {
        ArgumentNullException.ThrowIfNull(random);
        // The paper's scale is t/s.
        var t = scale.Numerator;
        var s = scale.Denominator;
        while (true)
        {
            var u = UniformSampler.Below(random, t);
            if (!BernoulliSampler.SampleExp(random, new Rational(u, t)))
            {
                continue;
            }
            var v = BigInteger.Zero;
            while (BernoulliSampler.SampleExp(random, Rational.One))
            {
                v++;
            }
            var x = u + (t * v);
            var y = BigInteger.Divide(x, s);
            var negative = BernoulliSampler.Sample(random, new Rational(BigInteger.One, 2));
            if (negative && y.IsZero)
            {
                continue;
            }
            return negative ? -y : y;
        }
    }
}
