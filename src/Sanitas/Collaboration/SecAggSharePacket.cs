namespace Sanitas.Collaboration;

/// <summary>Round 1: Shamir shares of a site's self-mask seed and mask key, encrypted (AES-256-GCM) for one peer; the coordinator only routes it.</summary>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient.</param>
/// <param name="Nonce">The GCM nonce.</param>
/// <param name="Ciphertext">The encrypted shares.</param>
/// <param name="Tag">The GCM tag.</param>
public sealed record SecAggSharePacket(string From, string To, byte[] Nonce, byte[] Ciphertext, byte[] Tag);
