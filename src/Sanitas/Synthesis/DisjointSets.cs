namespace Sanitas.Synthesis;

/// <summary>Union–find with path halving, for spanning trees (Kruskal) over attributes or cliques.</summary>
internal sealed class DisjointSets(int count)
{
    private readonly int[] _parent = [.. Enumerable.Range(0, count)];

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    /// <summary>Joins the sets of a and b; false when they were already one.</summary>
    public bool Union(int a, int b)
    {
        var (x, y) = (Find(a), Find(b));
        if (x == y)
        {
            return false;
        }
        _parent[x] = y;
        return true;
    }

    public bool Connected(int a, int b) => Find(a) == Find(b);
}
