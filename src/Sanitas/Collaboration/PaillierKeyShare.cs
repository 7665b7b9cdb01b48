using System.Numerics;

namespace Sanitas.Collaboration;

/// <summary>
/// A centre's share s_i = f(i) of the threshold Paillier decryption exponent d (Shoup's sharing over
/// Z_{Nm}, as in Damgård &amp; Jurik, PKC 2001, §4). Whoever holds t of these can decrypt; a single share
/// decrypts nothing.
/// </summary>
/// <param name="Index">i in [1, n].</param>
/// <param name="Parties">n.</param>
/// <param name="Threshold">t.</param>
/// <param name="N">The public modulus.</param>
/// <param name="Share">s_i.</param>
public sealed record PaillierKeyShare(int Index, int Parties, int Threshold, BigInteger N, BigInteger Share)
{
    /// <summary>The public key the share belongs to.</summary>
    public PaillierPublicKey PublicKey => new(N);

    /// <summary>The partial decryption c^{2Δs_i} mod N², Δ = n!.</summary>
    /// <param name="cipher">A ciphertext.</param>
    /// <returns>The share of its decryption.</returns>
    /// <remarks>The exponent 2Δs_i has about 2k bits and the base is any ciphertext, so no table or CRT
    /// applies (nobody holds p, q); the exponentiation is Montgomery's, fixed window.</remarks>
    public PaillierDecryptionShare Decrypt(BigInteger cipher) =>
        new(Index, Montgomery.For(N * N).Pow(cipher, 2 * ThresholdPaillier.Factorial(Parties) * Share));
}
