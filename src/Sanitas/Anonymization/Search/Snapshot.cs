namespace Sanitas.Anonymization;

/// <summary>
/// The equivalence classes of the data under one transformation: each class's generalized
/// codes (one per quasi-identifier), its size, and the histogram of every sensitive
/// attribute. A snapshot of a node can be rolled up to any node above it without touching
/// the rows again (the idea behind ARX's roll-up optimization).
/// </summary>
/// <remarks>
/// When the codes of all quasi-identifiers fit 63 bits (<see cref="KeyLayout"/>), a class is
/// one bit-packed <see cref="long"/> key; otherwise the codes are kept column by column.
/// </remarks>
internal sealed class Snapshot
{
    public required int[] Node { get; init; }

    public required int Count { get; init; }

    /// <summary>Bit-packed codes of each class, when the layout fits 63 bits.</summary>
    public long[]? Keys { get; init; }

    /// <summary>Codes[q][class], when the codes do not fit one key.</summary>
    public int[][]? Codes { get; init; }

    public required KeyLayout? Layout { get; init; }

    public required int[] Sizes { get; init; }

    /// <summary>One histogram set per sensitive attribute.</summary>
    public required SensitiveHistograms[] Histograms { get; init; }

    /// <summary>The generalized code of class <paramref name="c"/> in quasi-identifier <paramref name="q"/>.</summary>
    public int Code(int q, int c) => Keys is not null ? Layout!.Code(Keys[c], q) : Codes![q][c];

    /// <summary>The codes of all classes in quasi-identifier <paramref name="q"/> (a copy when keys are packed).</summary>
    public int[] GetCodes(int q)
    {
        if (Codes is not null)
        {
            return Codes[q];
        }
        var result = new int[Count];
        for (var c = 0; c < Count; c++)
        {
            result[c] = Layout!.Code(Keys![c], q);
        }
        return result;
    }

    /// <summary>How many ints this snapshot holds (for the cache's memory budget).</summary>
    public long Footprint => Count * (Keys is not null ? 3L : Node.Length + 1L) + Histograms.Sum(h => h.Values.LongLength * 2 + h.Offsets.LongLength);
}

/// <summary>Histograms of one sensitive attribute for all classes of a snapshot, in CSR form.</summary>
/// <param name="Offsets">Class i's entries are [Offsets[i], Offsets[i+1]).</param>
/// <param name="Values">Sensitive codes.</param>
/// <param name="Counts">How often each code occurs in the class.</param>
internal sealed record SensitiveHistograms(int[] Offsets, int[] Values, int[] Counts);
