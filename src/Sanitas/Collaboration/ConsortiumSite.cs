namespace Sanitas.Collaboration;

/// <summary>A centre as the consortium file lists it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Url">Where its node listens.</param>
/// <param name="PublicKeyPem">Its pinned ECDSA P-256 public key.</param>
public sealed record ConsortiumSite(string Name, Uri Url, string PublicKeyPem);
