namespace Sanitas.Collaboration;

/// <summary>A dealer's output: the public key and one decryption-key share per centre.</summary>
/// <param name="PublicKey">The joint public key.</param>
/// <param name="Shares">Share i for centre i (1-based index inside).</param>
public sealed record ThresholdPaillierKeys(PaillierPublicKey PublicKey, IReadOnlyList<PaillierKeyShare> Shares);
