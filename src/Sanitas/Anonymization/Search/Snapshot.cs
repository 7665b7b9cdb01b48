namespace Sanitas.Anonymization;

/// <summary>
/// The equivalence classes of the data under one transformation: each class's generalized
/// codes (one column per quasi-identifier), its size, and the histogram of every sensitive
/// attribute. A snapshot of a node can be rolled up to any node above it without touching
/// the rows again (the idea behind ARX's roll-up optimization).
/// </summary>
internal sealed class Snapshot
{
    public required int[] Node { get; init; }

    public required int Count { get; init; }

    /// <summary>Codes[q][class]: the generalized code of each class in quasi-identifier q.</summary>
    public required int[][] Codes { get; init; }

    /// <summary>Each class's codes as one mixed-radix key over the level-0 domains, when that fits 63 bits.</summary>
    public long[]? PackedKeys { get; init; }

    public required int[] Sizes { get; init; }

    /// <summary>One histogram set per sensitive attribute.</summary>
    public required SensitiveHistograms[] Histograms { get; init; }

    /// <summary>How many ints this snapshot holds (for the cache's memory budget).</summary>
    public long Footprint => (long)Count * (Codes.Length + 1) + (PackedKeys?.LongLength ?? 0) * 2 + Histograms.Sum(h => h.Values.LongLength * 2 + h.Offsets.LongLength);
}

/// <summary>Histograms of one sensitive attribute for all classes of a snapshot, in CSR form.</summary>
/// <param name="Offsets">Class i's entries are [Offsets[i], Offsets[i+1]).</param>
/// <param name="Values">Sensitive codes.</param>
/// <param name="Counts">How often each code occurs in the class.</param>
internal sealed record SensitiveHistograms(int[] Offsets, int[] Values, int[] Counts);
