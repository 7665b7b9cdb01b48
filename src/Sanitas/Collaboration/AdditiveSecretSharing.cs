using System.Runtime.InteropServices;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// n-out-of-n additive secret sharing over Z_2^64: a vector v becomes n vectors, the first n − 1 uniformly
/// random and the last v minus their sum, so any n − 1 of them are independent of v. Shares of different
/// parties' inputs add up locally, so a secure sum needs one exchange (the classical secure-sum protocol;
/// see Cramer, Damgård &amp; Nielsen, "Secure Multiparty Computation and Secret Sharing", 2015, ch. 3).
/// </summary>
public static class AdditiveSecretSharing
{
    /// <summary>Splits <paramref name="values"/> into <paramref name="parties"/> additive shares.</summary>
    /// <param name="values">The ring elements (use <see cref="FixedPointEncoding"/> for reals).</param>
    /// <param name="parties">n ≥ 1.</param>
    /// <param name="random">The masks' source (<see cref="SecureRandom"/> outside tests).</param>
    /// <returns>n share vectors whose element-wise sum mod 2^64 is <paramref name="values"/>.</returns>
    public static ulong[][] Split(ReadOnlySpan<ulong> values, int parties, IRandomBits random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        var shares = new ulong[parties][];
        var last = values.ToArray();
        for (var p = 0; p < parties - 1; p++)
        {
            shares[p] = new ulong[values.Length];
            random.Fill(MemoryMarshal.AsBytes(shares[p].AsSpan()));
            for (var i = 0; i < last.Length; i++)
            {
                last[i] = unchecked(last[i] - shares[p][i]);
            }
        }
        shares[parties - 1] = last;
        return shares;
    }

    /// <summary>Adds share vectors element-wise mod 2^64 (reconstruction, or a party's local sum of received shares).</summary>
    /// <param name="shares">Vectors of equal length.</param>
    /// <returns>Their sum.</returns>
    public static ulong[] Combine(IEnumerable<ulong[]> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ulong[]? sum = null;
        foreach (var share in shares)
        {
            sum ??= new ulong[share.Length];
            if (share.Length != sum.Length)
            {
                throw new ArgumentException($"Share vectors differ in length ({share.Length} vs {sum.Length}).", nameof(shares));
            }
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] = unchecked(sum[i] + share[i]);
            }
        }
        return sum ?? throw new ArgumentException("No shares to combine.", nameof(shares));
    }
}
