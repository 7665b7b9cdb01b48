namespace Sanitas.Collaboration;

/// <summary>One round of a two-party Beaver computation as a party sees it: it sends its masked shares and the products it will need; it gets the peer's masked shares and (party 1) the dealer's corrections.</summary>
internal interface IBeaverExchange
{
    Task<BeaverDelivery> ExchangeAsync(BeaverRound round, CancellationToken cancellationToken);
}

/// <summary>What a party sends in one round.</summary>
/// <param name="Number">The round number (both parties count alike).</param>
/// <param name="Labels">The mask labels of the values it opens, with their lengths.</param>
/// <param name="Masked">Its shares minus its mask shares, concatenated in label order.</param>
/// <param name="Products">The products whose triples it needs this round.</param>
/// <param name="Final">True when <paramref name="Masked"/> is the party's share of the output (opened to the coordinator, unmasked).</param>
internal sealed record BeaverRound(int Number, IReadOnlyList<BeaverLabel> Labels, ulong[] Masked, IReadOnlyList<BeaverProduct> Products, bool Final = false);

/// <summary>A label opened in a round and its length.</summary>
internal sealed record BeaverLabel(string Label, int Length);

/// <summary>What a party receives for a round.</summary>
/// <param name="PeerMasked">The other party's masked shares (same layout).</param>
/// <param name="Corrections">Party 1: its shares of c for the round's products, concatenated; party 0: null.</param>
internal sealed record BeaverDelivery(ulong[] PeerMasked, ulong[]? Corrections);
