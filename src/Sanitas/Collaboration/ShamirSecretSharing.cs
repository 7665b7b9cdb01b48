using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// Shamir's (t, n) threshold secret sharing over the prime field GF(2^521 − 1): the secret is f(0) of a
/// uniformly random polynomial of degree t − 1, party i receives f(i); any t shares give the secret by
/// Lagrange interpolation at 0, and any t − 1 shares are uniformly distributed whatever the secret
/// (perfect secrecy). Shamir, "How to share a secret", Communications of the ACM 22(11), 1979.
/// </summary>
/// <remarks>
/// The field is large enough for 256-bit seeds and P-256 private keys (secure aggregation shares both,
/// Bonawitz et al. 2017). Coefficients are drawn by rejection from <see cref="IRandomBits"/>, so they are
/// exactly uniform.
/// </remarks>
public static class ShamirSecretSharing
{
    /// <summary>The Mersenne prime 2^521 − 1, the field's modulus.</summary>
    public static BigInteger Prime { get; } = (BigInteger.One << 521) - 1;

    /// <summary>Splits <paramref name="secret"/> into <paramref name="shares"/> shares, any <paramref name="threshold"/> of which recover it.</summary>
    /// <param name="secret">A field element in [0, p).</param>
    /// <param name="shares">n ≥ 1 parties, at most 10,000.</param>
    /// <param name="threshold">t in [1, n].</param>
    /// <param name="random">The source of the polynomial's coefficients (<see cref="SecureRandom"/> outside tests).</param>
    /// <returns>The shares (1, f(1)) … (n, f(n)).</returns>
    public static IReadOnlyList<ShamirShare> Split(BigInteger secret, int shares, int threshold, IRandomBits random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Check(secret, shares, threshold);
        var coefficients = new BigInteger[threshold - 1];
        for (var i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] = RandomElement(random);
        }
        return Evaluate(secret, shares, coefficients);
    }

    /// <summary>Splits a byte string of at most 64 bytes (a seed or a private key), read as an unsigned big-endian integer.</summary>
    /// <param name="secret">The bytes.</param>
    /// <param name="shares">n.</param>
    /// <param name="threshold">t.</param>
    /// <param name="random">The coefficients' source.</param>
    /// <returns>The shares.</returns>
    public static IReadOnlyList<ShamirShare> SplitBytes(ReadOnlySpan<byte> secret, int shares, int threshold, IRandomBits random)
    {
        if (secret.Length > 64)
        {
            throw new ArgumentException($"A secret of {secret.Length} bytes does not fit the field; at most 64 bytes.", nameof(secret));
        }
        return Split(new BigInteger(secret, isUnsigned: true, isBigEndian: true), shares, threshold, random);
    }

    /// <summary>Recovers the secret from at least t shares with distinct x (Lagrange interpolation at 0).</summary>
    /// <param name="shares">The shares; all of them are used, so pass exactly the ones you trust.</param>
    /// <returns>f(0).</returns>
    public static BigInteger Combine(IReadOnlyList<ShamirShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count == 0)
        {
            throw new ArgumentException("No shares to combine.", nameof(shares));
        }
        if (shares.Select(s => s.X).Distinct().Count() != shares.Count || shares.Any(s => s.X <= 0))
        {
            throw new ArgumentException("Shares must have distinct, positive evaluation points x.", nameof(shares));
        }
        var p = Prime;
        var secret = BigInteger.Zero;
        for (var i = 0; i < shares.Count; i++)
        {
            BigInteger numerator = 1, denominator = 1;
            for (var j = 0; j < shares.Count; j++)
            {
                if (i != j)
                {
                    numerator = numerator * (p - shares[j].X) % p;
                    denominator = denominator * Mod(shares[i].X - shares[j].X, p) % p;
                }
            }
            var lagrange = numerator * BigInteger.ModPow(denominator, p - 2, p) % p;
            secret = (secret + (Mod(shares[i].Y, p) * lagrange)) % p;
        }
        return secret;
    }

    /// <summary>Recovers a byte string split by <see cref="SplitBytes"/>.</summary>
    /// <param name="shares">At least t shares.</param>
    /// <param name="length">The secret's length in bytes.</param>
    /// <returns>The secret, big-endian, left-padded with zeros.</returns>
    public static byte[] CombineBytes(IReadOnlyList<ShamirShare> shares, int length)
    {
        var value = Combine(shares);
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (bytes.Length > length)
        {
            throw new ArgumentException($"The shares do not combine to a {length}-byte secret: fewer than the threshold, or tampered.", nameof(shares));
        }
        var result = new byte[length];
        bytes.CopyTo(result, length - bytes.Length);
        return result;
    }

    /// <summary>The shares of the polynomial secret + c₁x + … + c_{t−1}x^{t−1}: the test-vector entry point.</summary>
    internal static IReadOnlyList<ShamirShare> Evaluate(BigInteger secret, int shares, IReadOnlyList<BigInteger> coefficients)
    {
        var p = Prime;
        var result = new ShamirShare[shares];
        for (var x = 1; x <= shares; x++)
        {
            // Horner's rule from the highest coefficient down.
            var y = BigInteger.Zero;
            for (var k = coefficients.Count - 1; k >= 0; k--)
            {
                y = ((y + coefficients[k]) * x) % p;
            }
            result[x - 1] = new ShamirShare(x, (y + secret) % p);
        }
        return result;
    }

    internal static BigInteger RandomElement(IRandomBits random)
    {
        Span<byte> buffer = stackalloc byte[66];
        while (true)
        {
            random.Fill(buffer);
            buffer[0] &= 0x01; // 528 − 7 = 521 bits
            var candidate = new BigInteger(buffer, isUnsigned: true, isBigEndian: true);
            if (candidate < Prime)
            {
                return candidate;
            }
        }
    }

    private static void Check(BigInteger secret, int shares, int threshold)
    {
        if (secret.Sign < 0 || secret >= Prime)
        {
            throw new ArgumentOutOfRangeException(nameof(secret), "The secret must be a field element in [0, 2^521 − 1).");
        }
        if (shares is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(shares), shares, "The number of shares must be in [1, 10000].");
        }
        if (threshold < 1 || threshold > shares)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"The threshold must be in [1, {shares}].");
        }
    }

    private static BigInteger Mod(BigInteger a, BigInteger p) => ((a % p) + p) % p;
}
