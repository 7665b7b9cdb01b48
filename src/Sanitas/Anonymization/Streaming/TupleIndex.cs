using System.Runtime.CompilerServices;

namespace Sanitas.Anonymization;

/// <summary>
/// The distinct tuples of a few integer codes, numbered in order of first appearance: an
/// open-addressing hash table over a flat array of the tuples' codes. Its memory grows with the
/// number of distinct tuples, never with the number of rows.
/// </summary>
internal sealed class TupleIndex
{
    private readonly int _width;
    private int[] _codes;
    private int[] _slots;
    private int _count;

    public TupleIndex(int width)
    {
        _width = width;
        _codes = new int[Math.Max(1, width) * 1024];
        _slots = new int[2048];
        Array.Fill(_slots, -1);
    }

    /// <summary>The number of distinct tuples.</summary>
    public int Count => _count;

    /// <summary>Component <paramref name="k"/> of tuple <paramref name="t"/>.</summary>
    public int Code(int t, int k) => _codes[(t * _width) + k];

    /// <summary>The number of a tuple, adding it when new (<paramref name="added"/>).</summary>
    public int AddOrFind(ReadOnlySpan<int> tuple, out bool added)
    {
        var mask = _slots.Length - 1;
        var slot = (int)(Hash(tuple) & (uint)mask);
        while (true)
        {
            var t = _slots[slot];
            if (t < 0)
            {
                break;
            }
            if (tuple.SequenceEqual(_codes.AsSpan(t * _width, _width)))
            {
                added = false;
                return t;
            }
            slot = (slot + 1) & mask;
        }
        if ((_count + 1) * _width > _codes.Length)
        {
            Array.Resize(ref _codes, _codes.Length * 2);
        }
        tuple.CopyTo(_codes.AsSpan(_count * _width, _width));
        _slots[slot] = _count;
        added = true;
        if (++_count * 2 > _slots.Length)
        {
            Grow();
        }
        return _count - 1;
    }

    /// <summary>The number of a tuple, or -1.</summary>
    public int Find(ReadOnlySpan<int> tuple)
    {
        var mask = _slots.Length - 1;
        var slot = (int)(Hash(tuple) & (uint)mask);
        while (true)
        {
            var t = _slots[slot];
            if (t < 0 || tuple.SequenceEqual(_codes.AsSpan(t * _width, _width)))
            {
                return t;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        Array.Fill(slots, -1);
        var mask = slots.Length - 1;
        for (var t = 0; t < _count; t++)
        {
            var slot = (int)(Hash(_codes.AsSpan(t * _width, _width)) & (uint)mask);
            while (slots[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = t;
        }
        _slots = slots;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<int> tuple)
    {
        ulong h = 14695981039346656037;
        foreach (var c in tuple)
        {
            h = (h ^ (uint)c) * 1099511628211;
        }
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        return h;
    }
}
