using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sanitas.Anonymization;

/// <summary>Rolls a snapshot up to a more general node: merges classes whose generalized codes coincide.</summary>
internal static class Grouper
{
    public static Snapshot RollUp(Snapshot source, int[] target, IReadOnlyList<QuasiIdentifierEncoding> qis, CancellationToken cancellationToken = default) =>
        RollUp(source, target, qis, null, cancellationToken);

    /// <summary>Rolls up and, when <paramref name="classOfSource"/> is given, records the target class of every source class.</summary>
    public static Snapshot RollUp(Snapshot source, int[] target, IReadOnlyList<QuasiIdentifierEncoding> qis, int[]? classOfSource, CancellationToken cancellationToken)
    {
        var d = qis.Count;
        var maps = new int[d][];
        for (var q = 0; q < d; q++)
        {
            maps[q] = qis[q].Up[source.Node[q]][target[q]];
        }
        var n = source.Count;
        var pool = ArrayPool<int>.Shared;
        var classOf = pool.Rent(Math.Max(1, n));
        var first = pool.Rent(Math.Max(1, n));
        var sizes = pool.Rent(Math.Max(1, n));
        try
        {
            var count = source.PackedKeys is { } packedKeys
                ? GroupPacked(source, packedKeys, target, maps, PackedStrides(qis)!, classOf, first, sizes, cancellationToken)
                : GroupGeneral(source, maps, classOf, first, sizes, cancellationToken);
            var codes = new int[d][];
            for (var q = 0; q < d; q++)
            {
                var map = maps[q];
                var src = source.Codes[q];
                var dst = codes[q] = new int[count];
                for (var c = 0; c < count; c++)
                {
                    dst[c] = map[src[first[c]]];
                }
            }
            long[]? packed = null;
            if (source.PackedKeys is not null)
            {
                packed = Pack(codes, PackedStrides(qis)!, count);
            }
            var histograms = new SensitiveHistograms[source.Histograms.Length];
            for (var s = 0; s < histograms.Length; s++)
            {
                histograms[s] = Merge(source.Histograms[s], classOf.AsSpan(0, n), count);
            }
            if (classOfSource is not null)
            {
                classOf.AsSpan(0, n).CopyTo(classOfSource);
            }
            return new Snapshot { Node = (int[])target.Clone(), Count = count, Codes = codes, PackedKeys = packed, Sizes = sizes.AsSpan(0, count).ToArray(), Histograms = histograms };
        }
        finally
        {
            pool.Return(classOf);
            pool.Return(first);
            pool.Return(sizes);
        }
    }

    /// <summary>
    /// Strides of a mixed-radix key over the level-0 domains, or null when such keys do not fit 63 bits.
    /// A generalized code is smaller than its level-0 domain, so the same strides serve every node and
    /// rolling up only adds, per changed attribute, the difference between old and new code.
    /// </summary>
    public static long[]? PackedStrides(IReadOnlyList<QuasiIdentifierEncoding> qis)
    {
        var strides = new long[qis.Count];
        double space = 1;
        for (var q = qis.Count - 1; q >= 0; q--)
        {
            strides[q] = (long)space;
            space *= Math.Max(1, qis[q].LevelValues[0].Length);
        }
        return space < 4e18 ? strides : null;
    }

    private static long[] Pack(int[][] codes, long[] strides, int count)
    {
        var packed = new long[count];
        for (var q = 0; q < codes.Length; q++)
        {
            var column = codes[q];
            var stride = strides[q];
            for (var c = 0; c < count; c++)
            {
                packed[c] += column[c] * stride;
            }
        }
        return packed;
    }

    /// <summary>The fast path: the generalized codes of a class are one 64-bit key; only changed attributes are read.</summary>
    private static int GroupPacked(Snapshot source, long[] srcPacked, int[] target, int[][] maps, long[] strides, int[] classOf, int[] first, int[] sizes, CancellationToken cancellationToken)
    {
        var d = maps.Length;
        var n = source.Count;
        var changed = Enumerable.Range(0, d).Where(q => source.Node[q] != target[q]).ToArray();
        var deltas = new long[changed.Length][];
        var changedCodes = new int[changed.Length][];
        for (var j = 0; j < changed.Length; j++)
        {
            var q = changed[j];
            var map = maps[q];
            var delta = deltas[j] = new long[map.Length];
            for (var code = 0; code < map.Length; code++)
            {
                delta[code] = (map[code] - code) * strides[q];
            }
            changedCodes[j] = source.Codes[q];
        }
        // The table starts small and doubles when half full: it stays as small as the number of
        // target classes, which is often far below the number of source classes, and so in cache.
        var capacity = 1024;
        var slotKeys = ArrayPool<long>.Shared.Rent(capacity);
        var slotValues = ArrayPool<int>.Shared.Rent(capacity);
        var keys = ArrayPool<long>.Shared.Rent(Math.Max(1, n));
        try
        {
            slotValues.AsSpan(0, capacity).Fill(-1);
            var mask = capacity - 1;
            var limit = capacity / 2;
            var count = 0;
            var srcSizes = source.Sizes;
            srcPacked.AsSpan(0, n).CopyTo(keys);
            for (var j = 0; j < changed.Length; j++)
            {
                var delta = deltas[j];
                var column = changedCodes[j];
                for (var i = 0; i < n; i++)
                {
                    keys[i] += delta[column[i]];
                }
            }
            for (var i = 0; i < n; i++)
            {
                if ((i & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var key = keys[i];
                var slot = (int)(Mix((ulong)key) & (uint)mask);
                while (true)
                {
                    var c = slotValues[slot];
                    if (c < 0)
                    {
                        slotValues[slot] = count;
                        slotKeys[slot] = key;
                        first[count] = i;
                        sizes[count] = srcSizes[i];
                        classOf[i] = count;
                        count++;
                        if (count > limit)
                        {
                            Grow(ref slotKeys, ref slotValues, ref capacity);
                            mask = capacity - 1;
                            limit = capacity / 2;
                        }
                        break;
                    }
                    if (slotKeys[slot] == key)
                    {
                        sizes[c] += srcSizes[i];
                        classOf[i] = c;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
            return count;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(slotKeys);
            ArrayPool<int>.Shared.Return(slotValues);
            ArrayPool<long>.Shared.Return(keys);
        }
    }

    private static void Grow(ref long[] slotKeys, ref int[] slotValues, ref int capacity)
    {
        var newCapacity = capacity * 2;
        var newKeys = ArrayPool<long>.Shared.Rent(newCapacity);
        var newValues = ArrayPool<int>.Shared.Rent(newCapacity);
        newValues.AsSpan(0, newCapacity).Fill(-1);
        var mask = newCapacity - 1;
        for (var s = 0; s < capacity; s++)
        {
            var c = slotValues[s];
            if (c < 0)
            {
                continue;
            }
            var key = slotKeys[s];
            var slot = (int)(Mix((ulong)key) & (uint)mask);
            while (newValues[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }
            newValues[slot] = c;
            newKeys[slot] = key;
        }
        ArrayPool<long>.Shared.Return(slotKeys);
        ArrayPool<int>.Shared.Return(slotValues);
        slotKeys = newKeys;
        slotValues = newValues;
        capacity = newCapacity;
    }

    /// <summary>The general path: hashes the generalized codes and compares them in full.</summary>
    private static int GroupGeneral(Snapshot source, int[][] maps, int[] classOf, int[] first, int[] sizes, CancellationToken cancellationToken)
    {
        var d = maps.Length;
        var n = source.Count;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, n * 2));
        var mask = capacity - 1;
        var slots = new int[capacity];
        Array.Fill(slots, -1);
        var keys = new int[n * d];
        var count = 0;
        var srcSizes = source.Sizes;
        Span<int> key = d <= 64 ? stackalloc int[d] : new int[d];
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            ulong hash = 14695981039346656037;
            for (var q = 0; q < d; q++)
            {
                var code = maps[q][source.Codes[q][i]];
                key[q] = code;
                hash = (hash ^ (uint)code) * 1099511628211;
            }
            var slot = (int)(Mix(hash) & (uint)mask);
            while (true)
            {
                var c = slots[slot];
                if (c < 0)
                {
                    slots[slot] = count;
                    key.CopyTo(keys.AsSpan(count * d, d));
                    first[count] = i;
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
        return count;
    }

    /// <summary>The snapshot of the raw rows: every row is its own class at level 0.</summary>
    public static Snapshot Rows(IReadOnlyList<QuasiIdentifierEncoding> qis, IReadOnlyList<int[]> sensitiveCodes, int rowCount)
    {
        var d = qis.Count;
        var codes = qis.Select(q => q.DenseRowCodes).ToArray();
        var sizes = new int[rowCount];
        Array.Fill(sizes, 1);
        var packed = PackedStrides(qis) is { } strides ? Pack(codes, strides, rowCount) : null;
        var offsets = new int[rowCount + 1];
        for (var r = 0; r <= rowCount; r++)
        {
            offsets[r] = r;
        }
        var histograms = sensitiveCodes.Select(c => new SensitiveHistograms(offsets, c, sizes)).ToArray();
        return new Snapshot { Node = new int[d], Count = rowCount, Codes = codes, PackedKeys = packed, Sizes = sizes, Histograms = histograms };
    }

    private static SensitiveHistograms Merge(SensitiveHistograms source, ReadOnlySpan<int> classOf, int count)
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
    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        return h;
    }
}
