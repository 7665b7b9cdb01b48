using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// Random probable primes and safe primes (p = 2p′ + 1 with p′ prime): a sieve by small primes, then
/// Miller–Rabin with 40 random bases (error ≤ 4^−40, FIPS 186-5 Appendix B.3).
/// </summary>
internal static class PrimeGeneration
{
    private static readonly int[] SmallPrimes = SieveSmallPrimes(20_000);

    /// <summary>A random safe prime of exactly <paramref name="bits"/> bits.</summary>
    public static BigInteger SafePrime(int bits, IRandomBits random, CancellationToken ct = default)
    {
        var residues = new int[SmallPrimes.Length];
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            // q = p′ of bits − 1 bits, top two bits set so that N = pq has exactly 2·bits bits; q ≡ 5 mod 6 ⇒ p ≡ 11 mod 12.
            var q = RandomOdd(bits - 1, random);
            for (var i = 0; i < SmallPrimes.Length; i++)
            {
                residues[i] = (int)(q % SmallPrimes[i]);
            }
            // Walk q += 2 and test both q and 2q + 1 against the small primes without big divisions.
            for (var step = 0; step < 20_000; step += 2)
            {
                // Fermat base 2 on both first (one exponentiation each), the full Miller–Rabin only for the rare pair that passes.
                if (Survives(residues, step) && FermatBaseTwo(q + step) && FermatBaseTwo((2 * (q + step)) + 1)
                    && IsProbablePrime(q + step, random) && IsProbablePrime((2 * (q + step)) + 1, random))
                {
                    var p = (2 * (q + step)) + 1;
                    if (p.GetBitLength() == bits)
                    {
                        return p;
                    }
                }
            }
        }
    }

    /// <summary>A random probable prime of exactly <paramref name="bits"/> bits.</summary>
    public static BigInteger Prime(int bits, IRandomBits random)
    {
        while (true)
        {
            var candidate = RandomOdd(bits, random);
            if (SmallPrimes.All(s => candidate % s != 0 || candidate == s) && IsProbablePrime(candidate, random))
            {
                return candidate;
            }
        }
    }

    public static bool IsProbablePrime(BigInteger n, IRandomBits random, int rounds = 40)
    {
        if (n < 2)
        {
            return false;
        }
        foreach (var s in SmallPrimes.AsSpan(0, 50))
        {
            if (n == s)
            {
                return true;
            }
            if (n % s == 0)
            {
                return false;
            }
        }
        var d = n - 1;
        var r = 0;
        while (d.IsEven)
        {
            d >>= 1;
            r++;
        }
        for (var i = 0; i < rounds; i++)
        {
            var a = (RandomBelow(n - 3, random)) + 2;
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1)
            {
                continue;
            }
            var composite = true;
            for (var j = 1; j < r; j++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1)
                {
                    composite = false;
                    break;
                }
            }
            if (composite)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A uniform integer in [0, bound) by rejection.</summary>
    public static BigInteger RandomBelow(BigInteger bound, IRandomBits random)
    {
        var bits = (int)bound.GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        var excess = (bytes.Length * 8) - bits;
        while (true)
        {
            random.Fill(bytes);
            bytes[0] &= (byte)(0xFF >> excess);
            var candidate = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (candidate < bound)
            {
                return candidate;
            }
        }
    }

    /// <summary>A uniform unit of Z_n (gcd with n equal to 1).</summary>
    public static BigInteger RandomUnit(BigInteger n, IRandomBits random)
    {
        while (true)
        {
            var r = RandomBelow(n, random);
            if (!r.IsZero && BigInteger.GreatestCommonDivisor(r, n).IsOne)
            {
                return r;
            }
        }
    }

    public static BigInteger ModInverse(BigInteger a, BigInteger m)
    {
        BigInteger oldR = ((a % m) + m) % m, r = m, oldS = 1, s = 0;
        while (!r.IsZero)
        {
            var quotient = oldR / r;
            (oldR, r) = (r, oldR - (quotient * r));
            (oldS, s) = (s, oldS - (quotient * s));
        }
        if (!oldR.IsOne)
        {
            throw new ArithmeticException("The value has no inverse modulo m.");
        }
        return ((oldS % m) + m) % m;
    }

    private static bool FermatBaseTwo(BigInteger n) => BigInteger.ModPow(2, n - 1, n).IsOne;

    private static bool Survives(int[] residues, int step)
    {
        for (var i = 0; i < SmallPrimes.Length; i++)
        {
            var s = SmallPrimes[i];
            var q = (residues[i] + step) % s;
            // q ≢ 0 and 2q + 1 ≢ 0 (mod s).
            if (q == 0 || ((2 * q) + 1) % s == 0)
            {
                return false;
            }
        }
        return true;
    }

    private static BigInteger RandomOdd(int bits, IRandomBits random)
    {
        var bytes = new byte[(bits + 7) / 8];
        random.Fill(bytes);
        var excess = (bytes.Length * 8) - bits;
        bytes[0] &= (byte)(0xFF >> excess);
        // The top two bits set, the lowest bit set.
        var top = bits - 1 - ((bytes.Length - 1) * 8);
        bytes[0] |= (byte)(1 << top);
        if (top > 0)
        {
            bytes[0] |= (byte)(1 << (top - 1));
        }
        else
        {
            bytes[1] |= 0x80;
        }
        bytes[^1] |= 1;
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private static int[] SieveSmallPrimes(int limit)
    {
        var composite = new bool[limit];
        var primes = new List<int>();
        for (var i = 3; i < limit; i += 2)
        {
            if (!composite[i])
            {
                primes.Add(i);
                for (var j = i * i; j < limit; j += 2 * i)
                {
                    composite[j] = true;
                }
            }
        }
        return [.. primes];
    }
}
