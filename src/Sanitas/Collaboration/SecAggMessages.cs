namespace Sanitas.Collaboration;

/// <summary>Round 0 of secure aggregation: a site's two ephemeral P-256 public keys, signed with its identity.</summary>
/// <param name="Site">The site.</param>
/// <param name="CipherKey">c_u: the key that encrypts the shares it exchanges (SubjectPublicKeyInfo).</param>
/// <param name="MaskKey">s_u: the key that seeds its pairwise masks (SubjectPublicKeyInfo).</param>
/// <param name="Signature">ECDSA over the session, the site and both keys: the coordinator cannot substitute them.</param>
public sealed record SecAggKeys(string Site, byte[] CipherKey, byte[] MaskKey, byte[] Signature);

/// <summary>Round 1: Shamir shares of a site's self-mask seed and mask key, encrypted (AES-256-GCM) for one peer; the coordinator only routes it.</summary>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient.</param>
/// <param name="Nonce">The GCM nonce.</param>
/// <param name="Ciphertext">The encrypted shares.</param>
/// <param name="Tag">The GCM tag.</param>
public sealed record SecAggSharePacket(string From, string To, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>Round 3: a surviving site's shares that let the coordinator remove the masks: mask-key shares of dropped sites, self-mask shares of survivors (never both for one site).</summary>
/// <param name="Site">The answering site.</param>
/// <param name="MaskKeyShares">For each dropped site, this site's share of its mask private key.</param>
/// <param name="SelfMaskShares">For each surviving site, this site's share of its self-mask seed.</param>
public sealed record SecAggUnmasking(string Site, IReadOnlyDictionary<string, ShamirShare> MaskKeyShares, IReadOnlyDictionary<string, ShamirShare> SelfMaskShares);
