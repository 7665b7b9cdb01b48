using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// Exact Bernoulli draws for rational probabilities, with integer arithmetic only.
/// <see cref="SampleExp(IRandomBits, BigInteger, BigInteger)"/> is Algorithm 1 of Canonne, Kamath
/// &amp; Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020).
/// </summary>
public static class BernoulliSampler
{
    /// <summary>True with probability exactly numerator / denominator.</summary>
    /// <param name="random">The source of bits.</param>
    /// <param name="numerator">Non-negative, at most the denominator.</param>
    /// <param name="denominator">Positive.</param>
    /// <returns>A Bernoulli(numerator / denominator) draw.</returns>
    public static bool Sample(IRandomBits random, BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign <= 0 || numerator.Sign < 0 || numerator > denominator)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), $"{numerator}/{denominator} is not a probability.");
        }
        return Sample(random, new Rational(numerator, denominator));
    }

    /// <summary>True with probability exactly exp(−numerator / denominator).</summary>
    /// <param name="random">The source of bits.</param>
    /// <param name="numerator">Non-negative.</param>
    /// <param name="denominator">Positive.</param>
    /// <returns>A Bernoulli(exp(−γ)) draw for γ = numerator / denominator.</returns>
    public static bool SampleExp(IRandomBits random, BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign <= 0 || numerator.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), $"γ = {numerator}/{denominator} must be non-negative.");
        }
        return SampleExp(random, new Rational(numerator, denominator));
    }

    internal static bool Sample(IRandomBits random, Rational p)
    {
        if (p.Sign <= 0)
        {
            return false;
        }
        return Fraction(random, p.Numerator, p.Denominator);
    }

    /// <summary>Bernoulli(numerator / denominator) without reducing the fraction; clamps to [0, 1].</summary>
    private static bool Fraction(IRandomBits random, BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign <= 0)
        {
            return false;
        }
        if (numerator >= denominator)
        {
            return true;
        }
        if (denominator <= ulong.MaxValue)
        {
            return UniformSampler.Below(random, (ulong)denominator) < (ulong)numerator;
        }
        return UniformSampler.Below(random, denominator) < numerator;
    }

    internal static bool SampleExp(IRandomBits random, Rational gamma)
    {
        // For γ > 1, exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)): independent coins, stop at the first tail.
        var whole = gamma.Floor();
        for (var i = BigInteger.Zero; i < whole; i++)
        {
            if (!SampleExpAtMostOne(random, Rational.One))
            {
                return false;
            }
        }
        return SampleExpAtMostOne(random, gamma - Rational.FromInteger(whole));
    }

    private static bool SampleExpAtMostOne(IRandomBits random, Rational gamma)
    {
        // P(first K with A_K = 0 is odd) = Σ (−γ)^k / k! = exp(−γ) for γ in [0, 1].
        var k = BigInteger.One;
        while (Fraction(random, gamma.Numerator, gamma.Denominator * k))
        {
            k++;
        }
        return !k.IsEven;
    }
}
