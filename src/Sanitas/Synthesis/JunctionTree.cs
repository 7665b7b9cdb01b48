namespace Sanitas.Synthesis;

/// <summary>
/// A junction tree over the attributes: the graph that joins attributes measured together is
/// triangulated by greedy elimination (each step removes the attribute whose new clique has the
/// fewest cells), the maximal elimination cliques become nodes, and a maximum spanning tree on
/// separator sizes links them (Koller &amp; Friedman 2009, §10.4; Private-PGM's <c>JunctionTree</c>).
/// Disconnected parts become separate roots.
/// </summary>
internal sealed class JunctionTree
{
    private JunctionTree(int[][] cliques, int[] parent, int[] order, int[][] separators, List<int>[] children)
    {
        Cliques = cliques;
        Parent = parent;
        Order = order;
        Separators = separators;
        Children = children;
    }

    /// <summary>The maximal cliques, attributes sorted.</summary>
    public int[][] Cliques { get; }

    /// <summary>Each clique's parent, -1 for a root.</summary>
    public int[] Parent { get; }

    /// <summary>Cliques with every parent before its children.</summary>
    public int[] Order { get; }

    /// <summary>Each clique's separator with its parent (empty for a root).</summary>
    public int[][] Separators { get; }

    public List<int>[] Children { get; }

    /// <summary>The total number of cells of the cliques (the model's size).</summary>
    public long CellCount(int[] sizes) => Cliques.Sum(c => Factor.CellCount(c, sizes));

    /// <summary>A clique holding every attribute of <paramref name="attributes"/>, or -1.</summary>
    public int CliqueContaining(IReadOnlyCollection<int> attributes)
    {
        var best = -1;
        for (var i = 0; i < Cliques.Length; i++)
        {
            if (attributes.All(a => Array.IndexOf(Cliques[i], a) >= 0) && (best < 0 || Cliques[i].Length < Cliques[best].Length))
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>Builds the tree for a set of cliques over attributes 0 … sizes.Length − 1.</summary>
    public static JunctionTree Build(IEnumerable<int[]> cliques, int[] sizes)
    {
        var d = sizes.Length;
        var neighbours = Enumerable.Range(0, d).Select(_ => new HashSet<int>()).ToArray();
        foreach (var clique in cliques)
        {
            foreach (var a in clique)
            {
                foreach (var b in clique)
                {
                    if (a != b)
                    {
                        neighbours[a].Add(b);
                    }
                }
            }
        }
        var remaining = new HashSet<int>(Enumerable.Range(0, d));
        var eliminated = new List<int[]>();
        while (remaining.Count > 0)
        {
            var best = -1;
            var bestCost = long.MaxValue;
            foreach (var v in remaining)
            {
                var cost = Factor.CellCount(neighbours[v].Append(v), sizes);
                if (cost < bestCost || (cost == bestCost && v < best))
                {
                    best = v;
                    bestCost = cost;
                }
            }
            var clique = neighbours[best].Append(best).Order().ToArray();
            eliminated.Add(clique);
            foreach (var a in neighbours[best])
            {
                foreach (var b in neighbours[best])
                {
                    if (a != b)
                    {
                        neighbours[a].Add(b);
                    }
                }
                neighbours[a].Remove(best);
            }
            remaining.Remove(best);
        }
        var maximal = eliminated
            .Where((c, i) => !eliminated.Where((o, j) => j != i && (o.Length > c.Length || (o.Length == c.Length && j < i))).Any(o => c.All(o.Contains)))
            .ToArray();
        return Connect(maximal);
    }

    private static JunctionTree Connect(int[][] cliques)
    {
        var n = cliques.Length;
        var edges = new List<(int A, int B, int Weight)>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var w = cliques[i].Intersect(cliques[j]).Count();
                if (w > 0)
                {
                    edges.Add((i, j, w));
                }
            }
        }
        var sets = new DisjointSets(n);
        var adjacency = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var (a, b, _) in edges.OrderByDescending(e => e.Weight).ThenBy(e => e.A).ThenBy(e => e.B))
        {
            if (sets.Union(a, b))
            {
                adjacency[a].Add(b);
                adjacency[b].Add(a);
            }
        }
        var parent = Enumerable.Repeat(-2, n).ToArray();
        var order = new List<int>(n);
        var children = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (var root = 0; root < n; root++)
        {
            if (parent[root] != -2)
            {
                continue;
            }
            parent[root] = -1;
            var queue = new Queue<int>([root]);
            while (queue.Count > 0)
            {
                var c = queue.Dequeue();
                order.Add(c);
                foreach (var next in adjacency[c])
                {
                    if (parent[next] == -2)
                    {
                        parent[next] = c;
                        children[c].Add(next);
                        queue.Enqueue(next);
                    }
                }
            }
        }
        var separators = new int[n][];
        for (var i = 0; i < n; i++)
        {
            separators[i] = parent[i] < 0 ? [] : [.. cliques[i].Intersect(cliques[parent[i]]).Order()];
        }
        return new JunctionTree(cliques, parent, [.. order], separators, children);
    }
}
