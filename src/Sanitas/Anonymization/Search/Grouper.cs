using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sanitas.Anonymization;

/// <summary>Rolls a snapshot up to a more general node: merges classes whose generalized codes coincide.</summary>
internal static class Grouper
{
    public static Snapshot RollUp(Snapshot source, int[] target, IReadOnlyList<QuasiIdentifierEncoding> qis, CancellationToken cancellationToken = default)
    {
        var d = qis.Count;
        var maps = new int[d][];
        for (var q = 0; q < d; q++)
        {
            maps[q] = qis[q].Up[source.Node[q]][target[q]];
        }
        var n = source.Count;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, n * 2));
        var mask = capacity - 1;
        var slots = new int[capacity];
        Array.Fill(slots, -1);
        var keys = new int[n * d];
        var sizes = new int[n];
        var classOf = new int[n];
        var count = 0;
        var srcKeys = source.Keys;
        var srcSizes = source.Sizes;
        Span<int> key = d <= 64 ? stackalloc int[d] : new int[d];
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var baseIndex = i * d;
            uint hash = 2166136261;
            for (var q = 0; q < d; q++)
            {
                var code = maps[q][srcKeys[baseIndex + q]];
                key[q] = code;
                hash = (hash ^ (uint)code) * 16777619;
            }
            var slot = (int)(Mix(hash) & (uint)mask);
            while (true)
            {
                var c = slots[slot];
                if (c < 0)
                {
                    slots[slot] = count;
                    key.CopyTo(keys.AsSpan(count * d, d));
                    sizes[count] = srcSizes[i];
                    classOf[i] = count;
                    count++;
                    break;
                }
                if (key.SequenceEqual(keys.AsSpan(c * d, d)))
                {
                    sizes[c] += srcSizes[i];
                    classOf[i] = c;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        Array.Resize(ref keys, count * d);
        Array.Resize(ref sizes, count);
        var histograms = new SensitiveHistograms[source.Histograms.Length];
        for (var s = 0; s < histograms.Length; s++)
        {
            histograms[s] = Merge(source.Histograms[s], classOf, count);
        }
        return new Snapshot { Node = (int[])target.Clone(), Count = count, Keys = keys, Sizes = sizes, Histograms = histograms };
    }

    /// <summary>The snapshot of the raw rows: every row is its own class at level 0.</summary>
    public static Snapshot Rows(IReadOnlyList<QuasiIdentifierEncoding> qis, IReadOnlyList<int[]> sensitiveCodes, int rowCount)
    {
        var d = qis.Count;
        var keys = new int[rowCount * d];
        for (var q = 0; q < d; q++)
        {
            var codes = qis[q].DenseRowCodes;
            for (var r = 0; r < rowCount; r++)
            {
                keys[r * d + q] = codes[r];
            }
        }
        var sizes = new int[rowCount];
        Array.Fill(sizes, 1);
        var offsets = new int[rowCount + 1];
        for (var r = 0; r <= rowCount; r++)
        {
            offsets[r] = r;
        }
        var ones = sizes;
        var histograms = sensitiveCodes.Select(codes => new SensitiveHistograms(offsets, codes, ones)).ToArray();
        return new Snapshot { Node = new int[d], Count = rowCount, Keys = keys, Sizes = sizes, Histograms = histograms };
    }

    private static SensitiveHistograms Merge(SensitiveHistograms source, int[] classOf, int count)
    {
        // Order source classes by target class (counting sort), then add up each target's entries.
        var members = new int[count + 1];
        foreach (var c in classOf)
        {
            members[c + 1]++;
        }
        for (var c = 0; c < count; c++)
        {
            members[c + 1] += members[c];
        }
        var order = new int[classOf.Length];
        var fill = (int[])members.Clone();
        for (var i = 0; i < classOf.Length; i++)
        {
            order[fill[classOf[i]]++] = i;
        }
        var maxValue = 0;
        foreach (var v in source.Values)
        {
            maxValue = Math.Max(maxValue, v);
        }
        var accumulator = new int[maxValue + 1];
        var touched = new int[maxValue + 1];
        var offsets = new int[count + 1];
        var values = new List<int>(source.Values.Length);
        var counts = new List<int>(source.Values.Length);
        for (var c = 0; c < count; c++)
        {
            var touchedCount = 0;
            for (var m = members[c]; m < members[c + 1]; m++)
            {
                var src = order[m];
                for (var e = source.Offsets[src]; e < source.Offsets[src + 1]; e++)
                {
                    var v = source.Values[e];
                    if (accumulator[v] == 0)
                    {
                        touched[touchedCount++] = v;
                    }
                    accumulator[v] += source.Counts[e];
                }
            }
            for (var t = 0; t < touchedCount; t++)
            {
                var v = touched[t];
                values.Add(v);
                counts.Add(accumulator[v]);
                accumulator[v] = 0;
            }
            offsets[c + 1] = values.Count;
        }
        return new SensitiveHistograms(offsets, [.. values], [.. counts]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
