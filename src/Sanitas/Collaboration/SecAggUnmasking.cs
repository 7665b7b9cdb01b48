namespace Sanitas.Collaboration;

/// <summary>Round 3: a surviving site's shares that let the coordinator remove the masks: mask-key shares of dropped sites, self-mask shares of survivors (never both for one site).</summary>
/// <param name="Site">The answering site.</param>
/// <param name="MaskKeyShares">For each dropped site, this site's share of its mask private key.</param>
/// <param name="SelfMaskShares">For each surviving site, this site's share of its self-mask seed.</param>
public sealed record SecAggUnmasking(string Site, IReadOnlyDictionary<string, ShamirShare> MaskKeyShares, IReadOnlyDictionary<string, ShamirShare> SelfMaskShares);
