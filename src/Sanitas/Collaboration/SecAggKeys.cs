namespace Sanitas.Collaboration;

/// <summary>Round 0 of secure aggregation: a site's two ephemeral P-256 public keys, signed with its identity.</summary>
/// <param name="Site">The site.</param>
/// <param name="CipherKey">c_u: the key that encrypts the shares it exchanges (SubjectPublicKeyInfo).</param>
/// <param name="MaskKey">s_u: the key that seeds its pairwise masks (SubjectPublicKeyInfo).</param>
/// <param name="Signature">ECDSA over the session, the site and both keys: the coordinator cannot substitute them.</param>
public sealed record SecAggKeys(string Site, byte[] CipherKey, byte[] MaskKey, byte[] Signature);
