using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// Secure multiplication of additively shared values over Z_2^64 with multiplication triples from a
/// dealer (Beaver, "Efficient Multiparty Protocols Using Circuit Randomization", CRYPTO 1991), and
/// fixed-point truncation of two-party shares by local shifts (Mohassel &amp; Zhang, "SecureML", IEEE S&amp;P
/// 2017, §4.1, Theorem 1).
/// </summary>
/// <remarks>
/// <para>Protocol for [z] = [x]·[y] with a triple ([a], [b], [c = ab]): every party publishes
/// d_i = x_i − a_i and e_i = y_i − b_i; with d = Σd_i = x − a and e = y − b (uniform, so they reveal
/// nothing), party i sets z_i = c_i + d·b_i + e·a_i, and party 0 adds d·e; then Σz_i = xy mod 2^64.</para>
/// <para>Trust (documented): the dealer knows every triple, so it must not collude with any party and
/// must never see the opened d, e; it sees no input. A triple is used once. Without a dealer, triples
/// would come from oblivious transfer or homomorphic encryption (SPDZ), not implemented.</para>
/// <para>Truncation: a product of two values with f fraction bits has 2f; party 0 replaces its share z₀
/// by ⌊z₀/2^f⌋ and party 1 by 2^64 − ⌊(2^64 − z₁)/2^f⌋. For |z| &lt; 2^ℓ the result is ⌊z/2^f⌋ or
/// ⌊z/2^f⌋ + 1 except with probability at most 2^(ℓ+1−64) over the shares' randomness (SecureML Thm. 1);
/// the failure is a wrap-around, a huge error. Two parties only (the theorem's setting).</para>
/// </remarks>
internal static class BeaverTriples
{
    /// <summary>The dealer: <paramref name="count"/> triples shared among <paramref name="parties"/> parties; result[party] = (a, b, c) share vectors.</summary>
    public static (ulong[] A, ulong[] B, ulong[] C)[] Deal(int count, int parties, IRandomBits random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var a = RandomVector(count, random);
        var b = RandomVector(count, random);
        var c = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            c[i] = unchecked(a[i] * b[i]);
        }
        var sa = AdditiveSecretSharing.Split(a, parties, random);
        var sb = AdditiveSecretSharing.Split(b, parties, random);
        var sc = AdditiveSecretSharing.Split(c, parties, random);
        return [.. Enumerable.Range(0, parties).Select(p => (sa[p], sb[p], sc[p]))];
    }

    /// <summary>A party's masked differences (d_i, e_i) = (x_i − a_i, y_i − b_i) to publish.</summary>
    public static (ulong[] D, ulong[] E) Mask(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, (ulong[] A, ulong[] B, ulong[] C) triple)
    {
        var d = new ulong[x.Length];
        var e = new ulong[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = unchecked(x[i] - triple.A[i]);
            e[i] = unchecked(y[i] - triple.B[i]);
        }
        return (d, e);
    }

    /// <summary>Party <paramref name="party"/>'s share of xy from the opened d = x − a and e = y − b.</summary>
    public static ulong[] Product(int party, ReadOnlySpan<ulong> d, ReadOnlySpan<ulong> e, (ulong[] A, ulong[] B, ulong[] C) triple)
    {
        var z = new ulong[d.Length];
        for (var i = 0; i < d.Length; i++)
        {
            z[i] = unchecked(triple.C[i] + (d[i] * triple.B[i]) + (e[i] * triple.A[i]) + (party == 0 ? d[i] * e[i] : 0));
        }
        return z;
    }

    /// <summary>SecureML's local truncation by <paramref name="bits"/> of party 0's or party 1's share (two parties).</summary>
    public static ulong Truncate(int party, ulong share, int bits) => party switch
    {
        0 => share >> bits,
        1 => unchecked(0 - ((0 - share) >> bits)),
        _ => throw new ArgumentOutOfRangeException(nameof(party), "Local truncation holds for two parties."),
    };

    /// <summary>[x]·[y] for two parties holding fixed-point shares, end to end (the opening of d, e is the one exchange), truncated back to f fraction bits.</summary>
    public static (ulong[] Z0, ulong[] Z1) MultiplyFixedPoint(ulong[][] x, ulong[][] y, int fractionBits, IRandomBits dealer)
    {
        var triples = Deal(x[0].Length, 2, dealer);
        var (d0, e0) = Mask(x[0], y[0], triples[0]);
        var (d1, e1) = Mask(x[1], y[1], triples[1]);
        var d = AdditiveSecretSharing.Combine([d0, d1]);
        var e = AdditiveSecretSharing.Combine([e0, e1]);
        var z0 = Product(0, d, e, triples[0]);
        var z1 = Product(1, d, e, triples[1]);
        for (var i = 0; i < z0.Length; i++)
        {
            z0[i] = Truncate(0, z0[i], fractionBits);
            z1[i] = Truncate(1, z1[i], fractionBits);
        }
        return (z0, z1);
    }

    private static ulong[] RandomVector(int count, IRandomBits random)
    {
        var bytes = new byte[count * 8];
        random.Fill(bytes);
        var v = new ulong[count];
        Buffer.BlockCopy(bytes, 0, v, 0, bytes.Length);
        return v;
    }
}
