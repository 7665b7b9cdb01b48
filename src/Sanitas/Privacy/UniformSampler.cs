using System.Buffers.Binary;
using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// Uniform integers from random bits by rejection sampling: draw just enough bits to cover
/// [0, n) and retry when the draw lands at or above n, so there is no modulo bias. The expected
/// number of draws is below 2.
/// </summary>
public static class UniformSampler
{
    /// <summary>A uniform integer in [0, <paramref name="n"/>).</summary>
    /// <param name="random">The source of bits.</param>
    /// <param name="n">The exclusive upper bound; must be positive.</param>
    /// <returns>An integer uniformly distributed on 0, ..., n − 1.</returns>
    public static ulong Below(IRandomBits random, ulong n)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfZero(n);
        if (n == 1)
        {
            return 0;
        }
        var bits = 64 - BitOperations.LeadingZeroCount(n - 1);
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        Span<byte> buffer = stackalloc byte[8];
        while (true)
        {
            random.Fill(buffer);
            var x = BinaryPrimitives.ReadUInt64LittleEndian(buffer) & mask;
            if (x < n)
            {
                return x;
            }
        }
    }

    /// <summary>A uniform big integer in [0, <paramref name="n"/>).</summary>
    /// <param name="random">The source of bits.</param>
    /// <param name="n">The exclusive upper bound; must be positive.</param>
    /// <returns>An integer uniformly distributed on 0, ..., n − 1.</returns>
    public static BigInteger Below(IRandomBits random, BigInteger n)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (n.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The bound must be positive.");
        }
        if (n <= ulong.MaxValue)
        {
            return Below(random, (ulong)n);
        }
        var bits = (n - 1).GetBitLength();
        var bytes = (int)((bits + 7) / 8);
        var topMask = (byte)((1 << (int)(bits - (8L * (bytes - 1)))) - 1);
        var buffer = new byte[bytes];
        while (true)
        {
            random.Fill(buffer);
            buffer[^1] &= topMask;
            var x = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (x < n)
            {
                return x;
            }
        }
    }
}
