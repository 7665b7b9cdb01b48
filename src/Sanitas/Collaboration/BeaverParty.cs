namespace Sanitas.Collaboration;

/// <summary>
/// One of the two computing parties of a Beaver-triple computation over Z_2^64: it opens values only masked by
/// fresh dealer masks (x − α, uniform; Beaver 1991), each mask label at most once, and computes its share of
/// products from the opened differences: z_i = c_i + E_L·α_R,i + α_L,i·E_R (+ E_L·E_R for party 0).
/// </summary>
internal sealed class BeaverParty(int party, byte[] seed, IBeaverExchange exchange)
{
    private readonly HashSet<string> _opened = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]> _kept = new(StringComparer.Ordinal);
    private Dictionary<string, ulong[]> _corrections = new(StringComparer.Ordinal);
    private int _round;

    public int Index => party;

    public int Rounds => _round;

    /// <summary>This party's share of the mask α_label.</summary>
    public ulong[] MaskShare(string label, int length)
    {
        if (_kept.TryGetValue(label, out var kept) && kept.Length == length)
        {
            return kept;
        }
        var mask = new ulong[length];
        BeaverDealer.Expand(seed, "m|" + label, mask);
        return mask;
    }

    /// <summary>Keeps α_label's share in memory (a mask used in many products).</summary>
    public void Keep(string label, int length) => _kept[label] = MaskShare(label, length);

    /// <summary>
    /// Opens each value masked by a fresh label and announces the products it will compute; returns the opened
    /// differences E = x − α in the same order.
    /// </summary>
    public async Task<ulong[][]> OpenAsync(IReadOnlyList<(string Label, ulong[] Share)> values, IReadOnlyList<BeaverProduct> products, CancellationToken ct)
    {
        var total = values.Sum(v => v.Share.Length);
        var masked = new ulong[total];
        var offset = 0;
        foreach (var (label, share) in values)
        {
            if (!_opened.Add(label))
            {
                throw new InvalidOperationException($"Mask '{label}' opened twice: the difference of two openings would leak.");
            }
            var mask = MaskShare(label, share.Length);
            for (var i = 0; i < share.Length; i++)
            {
                masked[offset + i] = unchecked(share[i] - mask[i]);
            }
            offset += share.Length;
        }
        _round++;
        var delivery = await exchange.ExchangeAsync(new BeaverRound(_round, [.. values.Select(v => new BeaverLabel(v.Label, v.Share.Length))], masked, products), ct).ConfigureAwait(false);
        if (delivery.PeerMasked.Length != total)
        {
            throw new CollaborationException($"SMPC: the peer opened {delivery.PeerMasked.Length} values in round {_round}, expected {total}.");
        }
        _corrections = new(StringComparer.Ordinal);
        if (party == 1)
        {
            var corrections = delivery.Corrections ?? throw new CollaborationException($"SMPC: round {_round} carries no dealer values.");
            var at = 0;
            foreach (var product in products)
            {
                if (at + product.ResultLength > corrections.Length)
                {
                    throw new CollaborationException($"SMPC: round {_round}'s dealer values are too short.");
                }
                _corrections[product.Id] = corrections[at..(at + product.ResultLength)];
                at += product.ResultLength;
            }
        }
        var result = new ulong[values.Count][];
        offset = 0;
        for (var v = 0; v < values.Count; v++)
        {
            var length = values[v].Share.Length;
            var opened = new ulong[length];
            for (var i = 0; i < length; i++)
            {
                opened[i] = unchecked(masked[offset + i] + delivery.PeerMasked[offset + i]);
            }
            result[v] = opened;
            offset += length;
        }
        return result;
    }

    /// <summary>Sends this party's share of the output, unmasked (the release), and ends.</summary>
    public Task<BeaverDelivery> RevealAsync(ulong[] share, CancellationToken ct) =>
        exchange.ExchangeAsync(new BeaverRound(++_round, [new BeaverLabel("output", share.Length)], share, [], Final: true), ct);

    /// <summary>This party's share of op(x)·y for <paramref name="product"/>, from the opened E_L = x − α_L and E_R = y − α_R of this or an earlier round.</summary>
    public ulong[] Multiply(BeaverProduct product, ReadOnlySpan<ulong> openedLeft, ReadOnlySpan<ulong> openedRight)
    {
        ulong[] z;
        if (party == 0)
        {
            z = new ulong[product.ResultLength];
            BeaverDealer.Expand(seed, "c|" + product.Id, z);
            product.ApplyAdd(openedLeft, openedRight, z);
        }
        else
        {
            z = _corrections.Remove(product.Id, out var c) ? c : throw new CollaborationException($"SMPC: no dealer values for product '{product.Id}'.");
        }
        product.ApplyAdd(openedLeft, MaskShare(product.Right, product.RightLength), z);
        product.ApplyAdd(MaskShare(product.Left, product.LeftLength), openedRight, z);
        return z;
    }
}
