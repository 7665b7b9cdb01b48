using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// Uniform doubles and integers from an <see cref="IRandomBits"/> source, read in blocks so that
/// sampling millions of synthetic cells from <see cref="SecureRandom"/> stays cheap. Sampling a
/// synthetic table is post-processing of the DP model, yet it still draws from the caller's source
/// so that no <c>System.Random</c> is ever near a release.
/// </summary>
internal sealed class BufferedRandom(IRandomBits source)
{
    private readonly byte[] _buffer = new byte[4096];
    private int _position = 4096;

    public IRandomBits Source { get; } = source;

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n), without modulo bias.</summary>
    public int Below(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var limit = ulong.MaxValue - (ulong.MaxValue % (ulong)n);
        while (true)
        {
            var x = NextUInt64();
            if (x < limit)
            {
                return (int)(x % (ulong)n);
            }
        }
    }

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private ulong NextUInt64()
    {
        if (_position > _buffer.Length - 8)
        {
            Source.Fill(_buffer);
            _position = 0;
        }
        var x = BitConverter.ToUInt64(_buffer, _position);
        _position += 8;
        return x;
    }
}
