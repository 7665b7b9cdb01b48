using System.Numerics;

namespace Sanitas.Collaboration;

/// <summary>One centre's partial decryption c^{2Δs_i} mod N² of a ciphertext; t of them reveal the plaintext, fewer reveal nothing.</summary>
/// <param name="Index">The centre's share index i (1-based).</param>
/// <param name="Value">c^{2Δs_i} mod N².</param>
public sealed record PaillierDecryptionShare(int Index, BigInteger Value);
