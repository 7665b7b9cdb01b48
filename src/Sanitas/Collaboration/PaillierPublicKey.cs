using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// A Paillier public key with generator g = N + 1 (Paillier, "Public-Key Cryptosystems Based on Composite
/// Degree Residuosity Classes", EUROCRYPT 1999): E(m; r) = (1 + mN)·r^N mod N², additively homomorphic,
/// E(a)·E(b) = E(a + b mod N). Semantically secure under the decisional composite residuosity assumption.
/// </summary>
/// <param name="N">The modulus pq.</param>
public sealed record PaillierPublicKey(BigInteger N)
{
    /// <summary>N².</summary>
    public BigInteger NSquared { get; } = N * N;

    /// <summary>The modulus size in bits.</summary>
    public int Bits => (int)N.GetBitLength();

    /// <summary>Encrypts m ∈ [0, N) with fresh randomness.</summary>
    /// <param name="message">The plaintext in [0, N).</param>
    /// <param name="random">The source of r (<see cref="SecureRandom"/> outside tests).</param>
    /// <returns>The ciphertext in Z*_{N²}.</returns>
    public BigInteger Encrypt(BigInteger message, IRandomBits random) => Encrypt(message, RandomizerFor(random));

    /// <summary>r^N mod N² for a fresh unit r: the expensive half of an encryption, which can be computed ahead (offline).</summary>
    /// <param name="random">The source of r.</param>
    /// <returns>r^N mod N².</returns>
    public BigInteger RandomizerFor(IRandomBits random) => Montgomery.For(NSquared).Pow(PrimeGeneration.RandomUnit(N, random), N);

    /// <summary>Encrypts with a precomputed randomizer r^N mod N² (use each randomizer once).</summary>
    /// <param name="message">The plaintext in [0, N).</param>
    /// <param name="randomizer">r^N mod N² from <see cref="RandomizerFor"/>.</param>
    /// <returns>The ciphertext.</returns>
    public BigInteger Encrypt(BigInteger message, BigInteger randomizer)
    {
        if (message.Sign < 0 || message >= N)
        {
            throw new ArgumentOutOfRangeException(nameof(message), "The plaintext must be in [0, N).");
        }
        return (BigInteger.One + (message * N)) % NSquared * randomizer % NSquared;
    }

    /// <summary>E(a)·E(b) mod N² = E(a + b mod N).</summary>
    /// <param name="a">A ciphertext.</param>
    /// <param name="b">A ciphertext.</param>
    /// <returns>The ciphertext of the sum.</returns>
    public BigInteger Add(BigInteger a, BigInteger b) => a * b % NSquared;

    /// <summary>E(a)^k mod N² = E(k·a mod N).</summary>
    /// <param name="cipher">A ciphertext.</param>
    /// <param name="k">A non-negative constant.</param>
    /// <returns>The ciphertext of the product.</returns>
    public BigInteger Multiply(BigInteger cipher, BigInteger k) => Montgomery.For(NSquared).Pow(cipher, k);

    /// <summary>L(u) = (u − 1)/N, defined on u ≡ 1 mod N.</summary>
    internal BigInteger L(BigInteger u) => (u - 1) / N;
}
