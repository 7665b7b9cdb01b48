using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// Threshold Paillier with a trusted dealer, Shoup's technique applied to Paillier (Damgård &amp; Jurik,
/// "A Generalisation, a Simplification and Some Applications of Paillier's Probabilistic Public-Key
/// System", PKC 2001, §4 with s = 1; Fouque, Poupard &amp; Stern, FC 2000): N = pq with safe primes
/// p = 2p′ + 1, q = 2q′ + 1, m = p′q′; d ≡ 0 mod m and d ≡ 1 mod N is shared by a random polynomial of
/// degree t − 1 over Z_{Nm}; a centre's partial decryption is c^{2Δs_i}; any t of them combine, with
/// integer Lagrange coefficients scaled by Δ = n!, to c^{4Δ²d} = (1 + N)^{4Δ²M}, hence M.
/// </summary>
/// <remarks>
/// Honest-but-curious centres: the zero-knowledge proofs of correct partial decryption (their
/// verification keys v^{Δs_i}) are not implemented, so a malicious centre can make a decryption come out
/// wrong, though it cannot learn more than the plaintext. The dealer learns the factorization and must
/// forget it (documented trust, as in Lu et al.'s deployment).
/// </remarks>
public static class ThresholdPaillier
{
    /// <summary>Generates a key of <paramref name="bits"/> bits and shares its decryption key, t of n.</summary>
    /// <param name="bits">The modulus size: 2048 for deployment; at least 256 (tests).</param>
    /// <param name="parties">n in [2, 20].</param>
    /// <param name="threshold">t in [1, n].</param>
    /// <param name="random">The dealer's randomness (<see cref="SecureRandom"/> outside tests).</param>
    /// <param name="cancellationToken">Cancels the prime search.</param>
    /// <returns>The public key and the shares.</returns>
    public static ThresholdPaillierKeys Deal(int bits, int parties, int threshold, IRandomBits random, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (bits < 256 || bits % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "The modulus must have an even number of bits, at least 256.");
        }
        if (parties is < 2 or > 20 || threshold < 1 || threshold > parties)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"Need 2 ≤ n ≤ 20 centres and 1 ≤ t ≤ n; got n = {parties}, t = {threshold}.");
        }
        BigInteger p, q;
        do
        {
            p = PrimeGeneration.SafePrime(bits / 2, random, cancellationToken);
            q = PrimeGeneration.SafePrime(bits / 2, random, cancellationToken);
        }
        while (p == q || (p * q).GetBitLength() != bits);
        return DealFromPrimes(p, q, parties, threshold, random);
    }

    /// <summary>Shares the decryption key of N = pq for safe primes p ≠ q (tests and benchmarks load a fixed test key this way).</summary>
    internal static ThresholdPaillierKeys DealFromPrimes(BigInteger p, BigInteger q, int parties, int threshold, IRandomBits random)
    {
        var n = p * q;
        var m = (p - 1) / 2 * ((q - 1) / 2);
        var d = m * PrimeGeneration.ModInverse(m, n);
        var modulus = n * m;
        var coefficients = new BigInteger[threshold - 1];
        for (var k = 0; k < coefficients.Length; k++)
        {
            coefficients[k] = PrimeGeneration.RandomBelow(modulus, random);
        }
        var shares = new PaillierKeyShare[parties];
        for (var i = 1; i <= parties; i++)
        {
            var y = BigInteger.Zero;
            for (var k = coefficients.Length - 1; k >= 0; k--)
            {
                y = (y + coefficients[k]) * i % modulus;
            }
            shares[i - 1] = new PaillierKeyShare(i, parties, threshold, n, (y + d) % modulus);
        }
        return new ThresholdPaillierKeys(new PaillierPublicKey(n), shares);
    }

    /// <summary>Combines at least t partial decryptions of one ciphertext into its plaintext.</summary>
    /// <param name="publicKey">The joint public key.</param>
    /// <param name="parties">n (Δ = n!).</param>
    /// <param name="threshold">t.</param>
    /// <param name="shares">Partial decryptions from distinct centres; the first t are used.</param>
    /// <returns>The plaintext in [0, N).</returns>
    public static BigInteger Combine(PaillierPublicKey publicKey, int parties, int threshold, IReadOnlyList<PaillierDecryptionShare> shares)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(shares);
        var used = shares.DistinctBy(s => s.Index).Take(threshold).ToList();
        if (used.Count < threshold)
        {
            throw new CollaborationException($"Threshold decryption needs {threshold} centres' shares; {used.Count} answered. The model stays encrypted.");
        }
        var delta = Factorial(parties);
        var nSquared = publicKey.NSquared;
        var combined = BigInteger.One;
        foreach (var share in used)
        {
            // λ_i = Δ·Π_{j≠i} j/(j − i): an integer because Δ = n! absorbs the denominators.
            BigInteger numerator = delta, denominator = 1;
            foreach (var other in used.Where(o => o.Index != share.Index))
            {
                numerator *= other.Index;
                denominator *= other.Index - share.Index;
            }
            var lambda = numerator / denominator;
            var exponent = 2 * lambda;
            var term = exponent.Sign >= 0
                ? BigInteger.ModPow(share.Value, exponent, nSquared)
                : BigInteger.ModPow(PrimeGeneration.ModInverse(share.Value, nSquared), -exponent, nSquared);
            combined = combined * term % nSquared;
        }
        var fourDeltaSquared = 4 * delta * delta;
        return publicKey.L(combined) * PrimeGeneration.ModInverse(fourDeltaSquared % publicKey.N, publicKey.N) % publicKey.N;
    }

    /// <summary>Textbook Paillier decryption with λ and μ (for the published test vectors): m = L(c^λ mod N²)·μ mod N.</summary>
    internal static BigInteger DecryptWithLambda(BigInteger n, BigInteger lambda, BigInteger mu, BigInteger cipher) =>
        ((BigInteger.ModPow(cipher, lambda, n * n) - 1) / n) * mu % n;

    /// <summary>Textbook encryption with an arbitrary generator g (for the published test vectors): g^m·r^N mod N².</summary>
    internal static BigInteger EncryptWithGenerator(BigInteger n, BigInteger g, BigInteger message, BigInteger r) =>
        BigInteger.ModPow(g, message, n * n) * BigInteger.ModPow(r, n, n * n) % (n * n);

    internal static BigInteger Factorial(int n)
    {
        BigInteger f = 1;
        for (var i = 2; i <= n; i++)
        {
            f *= i;
        }
        return f;
    }
}
