namespace Sanitas.Anonymization;

/// <summary>
/// Packs the generalized codes of a class into one 64-bit key: quasi-identifier q gets enough
/// bits for its level-0 domain, which bounds its code at every level. So one layout serves every
/// node, and rolling a key up only replaces the bits of the attributes that change.
/// </summary>
internal sealed class KeyLayout
{
    private readonly int[] _shift;
    private readonly long[] _mask;

    private KeyLayout(int[] shift, long[] mask)
    {
        _shift = shift;
        _mask = mask;
    }

    /// <summary>A layout for the given domain sizes, or null when they need more than 63 bits.</summary>
    public static KeyLayout? Create(IReadOnlyList<int> domainSizes)
    {
        var shift = new int[domainSizes.Count];
        var mask = new long[domainSizes.Count];
        var bits = 0;
        for (var q = 0; q < domainSizes.Count; q++)
        {
            var width = Math.Max(1, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(1, domainSizes[q] - 1)));
            shift[q] = bits;
            mask[q] = (1L << width) - 1;
            bits += width;
            if (bits > 63)
            {
                return null;
            }
        }
        return new KeyLayout(shift, mask);
    }

    public int Shift(int q) => _shift[q];

    public long Mask(int q) => _mask[q];

    public int Code(long key, int q) => (int)((key >> _shift[q]) & _mask[q]);

    public long Pack(ReadOnlySpan<int> codes)
    {
        long key = 0;
        for (var q = 0; q < codes.Length; q++)
        {
            key |= (long)codes[q] << _shift[q];
        }
        return key;
    }
}
