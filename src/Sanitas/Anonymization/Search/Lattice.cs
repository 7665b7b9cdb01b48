namespace Sanitas.Anonymization;

/// <summary>
/// The generalization lattice: every vector of levels (one per quasi-identifier), numbered
/// in mixed radix so that a node is one integer.
/// </summary>
internal sealed class Lattice
{
    private readonly int[] _stride;

    public Lattice(int[] maxLevels)
    {
        MaxLevels = maxLevels;
        _stride = new int[maxLevels.Length];
        long size = 1;
        for (var i = maxLevels.Length - 1; i >= 0; i--)
        {
            _stride[i] = (int)Math.Min(size, int.MaxValue);
            size *= maxLevels[i] + 1;
        }
        Size = size;
        MaxHeight = maxLevels.Sum();
    }

    public int[] MaxLevels { get; }

    public int Dimensions => MaxLevels.Length;

    /// <summary>The number of nodes.</summary>
    public long Size { get; }

    public int MaxHeight { get; }

    public int IdOf(ReadOnlySpan<int> node)
    {
        var id = 0;
        for (var i = 0; i < node.Length; i++)
        {
            id += node[i] * _stride[i];
        }
        return id;
    }

    public void Decode(int id, Span<int> node)
    {
        for (var i = 0; i < node.Length; i++)
        {
            node[i] = id / _stride[i];
            id -= node[i] * _stride[i];
        }
    }

    public int[] Decode(int id)
    {
        var node = new int[Dimensions];
        Decode(id, node);
        return node;
    }

    public int LevelOf(int id, int dimension) => id / _stride[dimension] % (MaxLevels[dimension] + 1);

    public int Stride(int dimension) => _stride[dimension];

    public int HeightOf(int id)
    {
        var h = 0;
        for (var i = 0; i < _stride.Length; i++)
        {
            h += LevelOf(id, i);
        }
        return h;
    }

    /// <summary>The direct successors (one level higher in one dimension).</summary>
    public IEnumerable<int> Successors(int id)
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
    public IEnumerable<int> Predecessors(int id)
    {
        for (var i = 0; i < _stride.Length; i++)
        {
            if (LevelOf(id, i) > 0)
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
