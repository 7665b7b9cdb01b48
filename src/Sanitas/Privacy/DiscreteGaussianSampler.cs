using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// Exact draws from the discrete Gaussian N_Z(0, σ²), P(Y = y) ∝ exp(−y² / (2σ²)) on the integers,
/// for a rational σ². Algorithm 3 of Canonne, Kamath &amp; Steinke, "The Discrete Gaussian for
/// Differential Privacy" (NeurIPS 2020): rejection from a discrete Laplace proposal with exact
/// coins, so no floating point enters the draw.
/// </summary>
public static class DiscreteGaussianSampler
{
    /// <summary>A discrete Gaussian draw with variance parameter σ² = numerator / denominator.</summary>
    /// <param name="random">The source of bits.</param>
    /// <param name="sigmaSquaredNumerator">Positive.</param>
    /// <param name="sigmaSquaredDenominator">Positive.</param>
    /// <returns>An integer Y with P(Y = y) ∝ exp(−y² / (2σ²)).</returns>
    public static BigInteger Sample(IRandomBits random, BigInteger sigmaSquaredNumerator, BigInteger sigmaSquaredDenominator)
    {
        if (sigmaSquaredNumerator.Sign <= 0 || sigmaSquaredDenominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaSquaredNumerator), $"σ² = {sigmaSquaredNumerator}/{sigmaSquaredDenominator} must be positive.");
        }
        return Sample(random, new Rational(sigmaSquaredNumerator, sigmaSquaredDenominator));
    }

    internal static BigInteger Sample(IRandomBits random, Rational sigmaSquared)
    {
        ArgumentNullException.ThrowIfNull(random);
        // t = ⌊σ⌋ + 1, and ⌊σ⌋ = ⌊√⌊σ²⌋⌋ exactly.
        var t = IntegerSqrt(sigmaSquared.Floor()) + 1;
        var tRational = Rational.FromInteger(t);
        var center = sigmaSquared / tRational;
        var twoSigmaSquared = sigmaSquared * Rational.FromInteger(2);
        while (true)
        {
            var y = DiscreteLaplaceSampler.Sample(random, tRational);
            var d = Rational.FromInteger(BigInteger.Abs(y)) - center;
            if (BernoulliSampler.SampleExp(random, d * d / twoSigmaSquared))
            {
                return y;
            }
        }
    }

    internal static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "No real square root.");
        }
        if (n < 2)
        {
            return n;
        }
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }
            x = y;
        }
    }
}
