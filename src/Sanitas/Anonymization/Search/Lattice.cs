namespace Sanitas.Anonymization;

/// <summary>
/// The generalization lattice: every vector of levels (one per quasi-identifier), numbered
/// in mixed radix so that a node is one integer. Each dimension may be restricted to a range of
/// levels [min, max] (ARX's minimum and maximum generalization): the lattice then holds only the
/// nodes inside the ranges, and nodes are still read and written as the hierarchies' own levels.
/// </summary>
internal sealed class Lattice
{
    private readonly long[] _stride;

    public Lattice(int[] maxLevels)
        : this(new int[maxLevels.Length], maxLevels)
    {
    }

    public Lattice(int[] minLevels, int[] maxLevels)
    {
        if (minLevels.Length != maxLevels.Length)
        {
            throw new ArgumentException("One minimum and one maximum level per dimension.", nameof(minLevels));
        }
        MinLevels = minLevels;
        MaxLevels = maxLevels;
        _stride = new long[maxLevels.Length];
        long size = 1;
        checked
        {
            for (var i = maxLevels.Length - 1; i >= 0; i--)
            {
                if (minLevels[i] < 0 || minLevels[i] > maxLevels[i])
                {
                    throw new ArgumentOutOfRangeException(nameof(minLevels), $"Dimension {i}: the minimum level {minLevels[i]} is not in [0, {maxLevels[i]}].");
                }
                _stride[i] = size;
                size *= maxLevels[i] - minLevels[i] + 1;
            }
        }
        Size = size;
        MinHeight = minLevels.Sum();
        MaxHeight = maxLevels.Sum();
    }

    public int[] MinLevels { get; }

    public int[] MaxLevels { get; }

    /// <summary>The height (sum of levels) of the lowest node.</summary>
    public int MinHeight { get; }

    public int Dimensions => MaxLevels.Length;

    /// <summary>The number of nodes.</summary>
    public long Size { get; }

    public int MaxHeight { get; }

    public long IdOf(ReadOnlySpan<int> node)
    {
        long id = 0;
        for (var i = 0; i < node.Length; i++)
        {
            id += (node[i] - MinLevels[i]) * _stride[i];
        }
        return id;
    }

    public void Decode(long id, Span<int> node)
    {
        for (var i = 0; i < node.Length; i++)
        {
            var offset = (int)(id / _stride[i]);
            id -= offset * _stride[i];
            node[i] = offset + MinLevels[i];
        }
    }

    public int[] Decode(long id)
    {
        var node = new int[Dimensions];
        Decode(id, node);
        return node;
    }

    public int LevelOf(long id, int dimension) => (int)(id / _stride[dimension] % (MaxLevels[dimension] - MinLevels[dimension] + 1)) + MinLevels[dimension];

    public long Stride(int dimension) => _stride[dimension];

    public int HeightOf(long id)
    {
        var h = 0;
        for (var i = 0; i < _stride.Length; i++)
        {
            h += LevelOf(id, i);
        }
        return h;
    }

    /// <summary>The direct successors (one level higher in one dimension).</summary>
    public IEnumerable<long> Successors(long id)
    {
        for (var i = 0; i < _stride.Length; i++)
        {
            if (LevelOf(id, i) < MaxLevels[i])
            {
                yield return id + _stride[i];
            }
        }
    }

    /// <summary>The direct predecessors (one level lower in one dimension).</summary>
    public IEnumerable<long> Predecessors(long id)
    {
        for (var i = 0; i < _stride.Length; i++)
        {
            if (LevelOf(id, i) > MinLevels[i])
            {
                yield return id - _stride[i];
            }
        }
    }

    public static bool LessOrEqual(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] > b[i])
            {
                return false;
            }
        }
        return true;
    }
}
