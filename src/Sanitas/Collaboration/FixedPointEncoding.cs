namespace Sanitas.Collaboration;

/// <summary>
/// Fixed-point encoding of reals in the ring Z_2^64: x ↦ round(x·2^f) as a two's-complement 64-bit word,
/// so sums of encodings are encodings of sums (mod 2^64) as long as the true sum stays within ±2^(63−f).
/// The rounding error of one value is at most 2^(−f−1); of a sum of m values, m·2^(−f−1).
/// </summary>
/// <param name="FractionBits">f, in [0, 52].</param>
public sealed record FixedPointEncoding(int FractionBits)
{
    /// <summary>The default: 32 fraction bits, integer parts up to ±2^31.</summary>
    public static FixedPointEncoding Default { get; } = new(32);

    /// <summary>The largest magnitude a value (or a sum) may have.</summary>
    public double Range => Math.ScaleB(1.0, 62 - FractionBits);

    /// <summary>Encodes one value; values beyond ±<see cref="Range"/> are clamped (a declared domain, not an error).</summary>
    /// <param name="value">A finite real; NaN encodes as 0.</param>
    /// <returns>The ring element.</returns>
    public ulong Encode(double value)
    {
        if (double.IsNaN(value))
        {
            return 0;
        }
        var clamped = Math.Clamp(value, -Range, Range);
        return unchecked((ulong)(long)Math.Round(Math.ScaleB(clamped, FractionBits)));
    }

    /// <summary>Decodes a ring element (read as a signed 64-bit integer).</summary>
    /// <param name="element">The ring element.</param>
    /// <returns>The real.</returns>
    public double Decode(ulong element) => Math.ScaleB((double)unchecked((long)element), -FractionBits);

    /// <summary>Encodes a vector.</summary>
    /// <param name="values">The reals.</param>
    /// <returns>The ring elements.</returns>
    public ulong[] Encode(ReadOnlySpan<double> values)
    {
        var result = new ulong[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = Encode(values[i]);
        }
        return result;
    }

    /// <summary>Decodes a vector.</summary>
    /// <param name="elements">The ring elements.</param>
    /// <returns>The reals.</returns>
    public double[] Decode(ReadOnlySpan<ulong> elements)
    {
        var result = new double[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            result[i] = Decode(elements[i]);
        }
        return result;
    }
}
