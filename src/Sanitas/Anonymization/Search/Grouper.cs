using System.Runtime.CompilerServices;

namespace Sanitas.Anonymization;

/// <summary>Rolls a snapshot up to a more general node: merges classes whose generalized codes coincide.</summary>
internal static class Grouper
{
    /// <summary>
    /// Rolls <paramref name="source"/> up to <paramref name="target"/> (every level ≥ the source's) and, when
    /// <paramref name="classOfSource"/> is given, records the target class of every source class.
    /// </summary>
    public static Snapshot RollUp(Snapshot source, int[] target, IReadOnlyList<QuasiIdentifierEncoding> qis, GroupingBuffers buffers, int[]? classOfSource, CancellationToken cancellationToken)
    {
        var d = qis.Count;
        var maps = new int[d][];
        for (var q = 0; q < d; q++)
        {
            maps[q] = qis[q].Up[source.Node[q]][target[q]];
        }
        var n = source.Count;
        buffers.EnsureSource(n);
        int count;
        long[]? keys = null;
        int[][]? codes = null;
        if (source.Keys is not null)
        {
            count = GroupPacked(source, target, maps, qis, buffers, cancellationToken);
            keys = new long[count];
            var srcKeys = source.Keys;
            var first = buffers.First;
            var changed = Enumerable.Range(0, d).Where(q => source.Node[q] != target[q]).ToArray();
            for (var c = 0; c < count; c++)
            {
                keys[c] = Rekey(srcKeys[first[c]], changed, maps, source.Layout!);
            }
        }
        else
        {
            count = GroupGeneral(source, maps, buffers, cancellationToken);
            codes = new int[d][];
            var first = buffers.First;
            for (var q = 0; q < d; q++)
            {
                var map = maps[q];
                var src = source.Codes![q];
                var dst = codes[q] = new int[count];
                for (var c = 0; c < count; c++)
                {
                    dst[c] = map[src[first[c]]];
                }
            }
        }
        var classOf = buffers.ClassOf.AsSpan(0, n);
        var histograms = new SensitiveHistograms[source.Histograms.Length];
        for (var s = 0; s < histograms.Length; s++)
        {
            histograms[s] = Merge(source.Histograms[s], classOf, count);
        }
        if (classOfSource is not null)
        {
            classOf.CopyTo(classOfSource);
        }
        return new Snapshot
        {
            Node = (int[])target.Clone(),
            Count = count,
            Keys = keys,
            Codes = codes,
            Layout = source.Layout,
            Sizes = buffers.Sizes.AsSpan(0, count).ToArray(),
            Histograms = histograms,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Rekey(long key, int[] changed, int[][] maps, KeyLayout layout)
    {
        foreach (var q in changed)
        {
            var from = layout.Code(key, q);
            key += (long)(maps[q][from] - from) << layout.Shift(q);
        }
        return key;
    }

    /// <summary>The fast path: a class is one bit-packed key; only the bits of changed attributes are rewritten.</summary>
    private static int GroupPacked(Snapshot source, int[] target, int[][] maps, IReadOnlyList<QuasiIdentifierEncoding> qis, GroupingBuffers buffers, CancellationToken cancellationToken)
    {
        var n = source.Count;
        var layout = source.Layout!;
        var changed = new List<int>();
        var deltas = new List<long[]>();
        double space = 1;
        for (var q = 0; q < maps.Length; q++)
        {
            space *= qis[q].LevelValues[target[q]].Length;
            if (source.Node[q] == target[q])
            {
                continue;
            }
            // Per source code, the key difference its generalization makes.
            var map = maps[q];
            var shift = layout.Shift(q);
            var delta = new long[map.Length];
            for (var code = 0; code < map.Length; code++)
            {
                delta[code] = (long)(map[code] - code) << shift;
            }
            changed.Add(q);
            deltas.Add(delta);
        }
        // Target keys in one streaming pass per changed attribute.
        var keys = buffers.Keys;
        var srcKeys = source.Keys!;
        srcKeys.AsSpan(0, n).CopyTo(keys);
        for (var j = 0; j < changed.Count; j++)
        {
            var delta = deltas[j];
            var shift = layout.Shift(changed[j]);
            var width = layout.Mask(changed[j]);
            for (var i = 0; i < n; i++)
            {
                keys[i] += delta[(int)((srcKeys[i] >> shift) & width)];
            }
        }

        // Open addressing at most half full; the table starts small and doubles when half full, so it
        // stays as small as the number of target classes (often far below the source's) and in cache.
        var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Math.Min(space, n) * 2, 64, 1 << 30));
        buffers.EnsureSlots(capacity);
        var slotKeys = buffers.SlotKeys;
        var slotValues = buffers.SlotValues;
        slotValues.AsSpan(0, capacity).Fill(-1);
        var mask = capacity - 1;
        var limit = capacity / 2;
        var count = 0;
        var srcSizes = source.Sizes;
        var first = buffers.First;
        var sizes = buffers.Sizes;
        var classOf = buffers.ClassOf;
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
                        capacity = Grow(buffers, capacity);
                        slotKeys = buffers.SlotKeys;
                        slotValues = buffers.SlotValues;
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

    private static int Grow(GroupingBuffers buffers, int capacity)
    {
        var oldKeys = buffers.SlotKeys;
        var oldValues = buffers.SlotValues;
        var newCapacity = capacity * 2;
        if (buffers.SpareValues.Length < newCapacity)
        {
            buffers.SpareKeys = new long[newCapacity];
            buffers.SpareValues = new int[newCapacity];
        }
        var slotKeys = buffers.SpareKeys;
        var slotValues = buffers.SpareValues;
        slotValues.AsSpan(0, newCapacity).Fill(-1);
        var mask = newCapacity - 1;
        for (var s = 0; s < capacity; s++)
        {
            if (oldValues[s] < 0)
            {
                continue;
            }
            var slot = (int)(Mix((ulong)oldKeys[s]) & (uint)mask);
            while (slotValues[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }
            slotValues[slot] = oldValues[s];
            slotKeys[slot] = oldKeys[s];
        }
        (buffers.SlotKeys, buffers.SpareKeys) = (slotKeys, oldKeys);
        (buffers.SlotValues, buffers.SpareValues) = (slotValues, oldValues);
        return newCapacity;
    }

    /// <summary>The general path: hashes the generalized codes and compares them in full.</summary>
    private static int GroupGeneral(Snapshot source, int[][] maps, GroupingBuffers buffers, CancellationToken cancellationToken)
    {
        var d = maps.Length;
        var n = source.Count;
        var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, n * 2));
        var mask = capacity - 1;
        var slots = new int[capacity];
        Array.Fill(slots, -1);
        var keys = new int[n * d];
        var count = 0;
        var srcSizes = source.Sizes;
        var first = buffers.First;
        var sizes = buffers.Sizes;
        var classOf = buffers.ClassOf;
        var srcCodes = source.Codes!;
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
                var code = maps[q][srcCodes[q][i]];
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

    /// <summary>The snapshot of the raw rows: every row is its own class at level 0, of size 1 or of its multiplicity.</summary>
    public static Snapshot Rows(IReadOnlyList<QuasiIdentifierEncoding> qis, IReadOnlyList<int[]> sensitiveCodes, int rowCount, int[]? multiplicities = null)
    {
        var d = qis.Count;
        var layout = KeyLayout.Create(qis.Select(q => q.LevelValues[0].Length).ToArray());
        int[] sizes;
        if (multiplicities is null)
        {
            sizes = new int[rowCount];
            Array.Fill(sizes, 1);
        }
        else
        {
            sizes = multiplicities;
        }
        long[]? keys = null;
        int[][]? codes = null;
        if (layout is not null)
        {
            keys = new long[rowCount];
            for (var q = 0; q < d; q++)
            {
                var column = qis[q].DenseRowCodes;
                var shift = layout.Shift(q);
                for (var r = 0; r < rowCount; r++)
                {
                    keys[r] |= (long)column[r] << shift;
                }
            }
        }
        else
        {
            codes = qis.Select(q => q.DenseRowCodes).ToArray();
        }
        var offsets = new int[rowCount + 1];
        for (var r = 0; r <= rowCount; r++)
        {
            offsets[r] = r;
        }
        var histograms = sensitiveCodes.Select(c => new SensitiveHistograms(offsets, c, sizes)).ToArray();
        return new Snapshot { Node = new int[d], Count = rowCount, Keys = keys, Codes = codes, Layout = layout, Sizes = sizes, Histograms = histograms };
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
