using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// Fast Paillier encryption under one public key, the variant of Damgård, Jurik &amp; Nielsen ("A
/// generalization of Paillier's public-key system with applications to electronic voting", Int. J. Inf.
/// Security 9, 2010, §4.1 with s = 1): the encrypting party picks a random unit x once, h = −x² mod N and
/// h_N = h^N mod N², and precomputes a fixed-base table of h_N (HAC Alg. 14.109, window 6). An encryption
/// is then E(m; α) = (1 + mN)·h_N^α mod N² with α uniform of ⌈k/2⌉ bits (k = |N|): about k/12
/// Montgomery multiplications instead of a full k-bit exponentiation r^N.
/// </summary>
/// <remarks>
/// <para>The ciphertext is an ordinary Paillier ciphertext (h_N^α = (h^α)^N is an N-th residue), so
/// decryption, threshold decryption and the homomorphism are unchanged, and the parties need not agree
/// on h: each site keeps its own.</para>
/// <para>Assumption (stated by DJN for this variant): besides decisional composite residuosity, that h^α
/// for α of ⌈k/2⌉ bits is indistinguishable from a uniform element of the subgroup ⟨h⟩ of order ≈ N/4 —
/// a short-exponent assumption in the style of discrete logarithms with short exponents (van Oorschot
/// &amp; Wiener, EUROCRYPT 1996; Koshiba &amp; Kurosawa, "Short exponent Diffie–Hellman problems", PKC 2004).
/// A deployment that does not accept it uses <see cref="PaillierPublicKey.Encrypt(BigInteger, IRandomBits)"/>
/// (full r, about 10 times slower).</para>
/// </remarks>
internal sealed class PaillierEncryptor
{
    private const int Window = 6;
    private readonly Montgomery.FixedBaseTable _table;
    private readonly IRandomBits _random;

    /// <summary>Picks h and builds the table (one full exponentiation and ⌈k/12⌉·63 multiplications).</summary>
    /// <param name="publicKey">The key to encrypt under.</param>
    /// <param name="random">The source of x and of each α (<see cref="SecureRandom"/> outside tests).</param>
    public PaillierEncryptor(PaillierPublicKey publicKey, IRandomBits random)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(random);
        PublicKey = publicKey;
        _random = random;
        var context = Montgomery.For(publicKey.NSquared);
        var x = PrimeGeneration.RandomUnit(publicKey.N, random);
        var h = publicKey.N - (x * x % publicKey.N);
        ExponentBits = (publicKey.Bits + 1) / 2;
        _table = context.FixedBase(context.Pow(h, publicKey.N), ExponentBits, Window);
    }

    /// <summary>Builds the encryptor from a given h_N = h^N mod N² (known-answer tests).</summary>
    internal PaillierEncryptor(PaillierPublicKey publicKey, BigInteger hN, IRandomBits random)
    {
        PublicKey = publicKey;
        _random = random;
        ExponentBits = (publicKey.Bits + 1) / 2;
        _table = Montgomery.For(publicKey.NSquared).FixedBase(hN, ExponentBits, Window);
    }

    /// <summary>The key.</summary>
    public PaillierPublicKey PublicKey { get; }

    /// <summary>⌈k/2⌉, the length of α.</summary>
    public int ExponentBits { get; }

    /// <summary>Encrypts m ∈ [0, N) with a fresh α. Thread-safe when the random source is.</summary>
    /// <param name="message">The plaintext.</param>
    /// <returns>(1 + mN)·h_N^α mod N².</returns>
    public BigInteger Encrypt(BigInteger message)
    {
        var bytes = new byte[(ExponentBits + 7) / 8];
        _random.Fill(bytes);
        var excess = (bytes.Length * 8) - ExponentBits;
        bytes[^1] &= (byte)(0xFF >> excess);
        return Encrypt(message, new BigInteger(bytes, isUnsigned: true));
    }

    /// <summary>E(m; α) for a given α (known-answer tests).</summary>
    internal BigInteger Encrypt(BigInteger message, BigInteger alpha) => PublicKey.Encrypt(message, _table.Pow(alpha));
}
