using System.Security.Cryptography;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// The trusted dealer of two-party Beaver triples (Beaver, CRYPTO 1991), with seed compression: each party
/// derives its share of every mask α_L and party 0 also its share of every c from a 256-bit seed (AES-256-CTR
/// under HMAC-SHA-256(seed, label)); only party 1's share of c = op(α_L)·α_R − c₀ travels. The dealer knows
/// every mask, so it must not collude with either party and must never see an opened value (the parties
/// encrypt their openings to each other).
/// </summary>
internal sealed class BeaverDealer
{
    private readonly byte[][] _seeds;
    private readonly HashSet<string> _corrected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]> _masks = new(StringComparer.Ordinal);

    public BeaverDealer(IRandomBits random)
    {
        _seeds = [new byte[32], new byte[32]];
        random.Fill(_seeds[0]);
        random.Fill(_seeds[1]);
    }

    /// <summary>Party <paramref name="party"/>'s seed (sent to it, to it only).</summary>
    public byte[] Seed(int party) => _seeds[party];

    /// <summary>Keeps the full mask of <paramref name="label"/> between rounds (the design matrix's, used every iteration).</summary>
    public void Keep(string label) => _masks[label] = [];

    /// <summary>Party 1's share of c for each product, concatenated.</summary>
    public ulong[] Corrections(IReadOnlyList<BeaverProduct> products)
    {
        var total = products.Sum(p => (long)p.ResultLength);
        var result = new ulong[total];
        var offset = 0;
        foreach (var product in products)
        {
            if (!_corrected.Add(product.Id))
            {
                throw new CollaborationException($"SMPC dealer: product '{product.Id}' was already dealt; refused.");
            }
            var c = product.Apply(Mask(product.Left, product.LeftLength), Mask(product.Right, product.RightLength));
            var c0 = new ulong[c.Length];
            Expand(_seeds[0], "c|" + product.Id, c0);
            for (var i = 0; i < c.Length; i++)
            {
                result[offset + i] = unchecked(c[i] - c0[i]);
            }
            offset += c.Length;
        }
        return result;
    }

    private ulong[] Mask(string label, int length)
    {
        if (_masks.TryGetValue(label, out var kept) && kept.Length == length)
        {
            return kept;
        }
        var mask = new ulong[length];
        var other = new ulong[length];
        Expand(_seeds[0], "m|" + label, mask);
        Expand(_seeds[1], "m|" + label, other);
        RingMath.AddInPlace(mask, other);
        if (_masks.ContainsKey(label))
        {
            _masks[label] = mask;
        }
        return mask;
    }

    /// <summary>The pseudorandom stream of <paramref name="label"/> under <paramref name="seed"/>.</summary>
    public static void Expand(byte[] seed, string label, Span<ulong> output)
    {
        var key = HMACSHA256.HashData(seed, SiteIdentity.Utf8(label));
        AesCtrGenerator.Expand(key, output);
        CryptographicOperations.ZeroMemory(key);
    }
}
