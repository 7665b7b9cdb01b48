namespace Sanitas.Synthesis;

/// <summary>
/// A discrete graphical model p(x) ∝ exp(Σ_C θ_C(x_C)) over the cliques of a junction tree, scaled
/// to a total count, as in Private-PGM (McKenna, Sheldon &amp; Miklau 2019, "Graphical-model based
/// estimation and inference for differential privacy", ICML). <see cref="Calibrate"/> runs
/// belief propagation (the two-pass sum-product algorithm on the junction tree, in log space), after
/// which every clique's marginal is exact; other attribute sets are projected by variable elimination.
/// </summary>
internal sealed class GraphicalModel
{
    public GraphicalModel(JunctionTree tree, int[] sizes, Factor[] potentials, double total)
    {
        Tree = tree;
        Sizes = sizes;
        Potentials = potentials;
        Total = total;
        Marginals = Calibrate(tree, sizes, potentials, total);
    }

    public JunctionTree Tree { get; }

    public int[] Sizes { get; }

    /// <summary>The log-potentials θ_C, one per junction-tree clique.</summary>
    public Factor[] Potentials { get; }

    /// <summary>The total count N the marginals sum to.</summary>
    public double Total { get; }

    /// <summary>Each clique's marginal, in counts (summing to <see cref="Total"/>).</summary>
    public Factor[] Marginals { get; }

    /// <summary>The marginal of any attribute set, in counts.</summary>
    public Factor Project(int[] attributes)
    {
        var clique = Tree.CliqueContaining(attributes);
        return clique >= 0 ? Marginals[clique].Sum(attributes) : Eliminate(attributes);
    }

    /// <summary>Belief propagation: returns each clique's marginal in counts.</summary>
    internal static Factor[] Calibrate(JunctionTree tree, int[] sizes, Factor[] potentials, double total)
    {
        var n = tree.Cliques.Length;
        var up = new Factor[n];
        var upMessage = new Factor[n];
        for (var k = n - 1; k >= 0; k--)
        {
            var c = tree.Order[k];
            var belief = potentials[c].Copy();
            foreach (var child in tree.Children[c])
            {
                belief.AddInPlace(upMessage[child], sizes);
            }
            up[c] = belief;
            if (tree.Parent[c] >= 0)
            {
                upMessage[c] = belief.LogSumExp(tree.Separators[c]);
            }
        }
        var beliefs = new Factor[n];
        foreach (var c in tree.Order)
        {
            var belief = up[c];
            if (tree.Parent[c] >= 0)
            {
                // The parent's full belief divided by this clique's own message, summed onto the separator.
                var down = Factor.Subtract(beliefs[tree.Parent[c]].LogSumExp(tree.Separators[c]), upMessage[c], sizes);
                belief.AddInPlace(down, sizes);
            }
            beliefs[c] = belief;
        }
        var marginals = new Factor[n];
        for (var c = 0; c < n; c++)
        {
            var b = beliefs[c];
            var logZ = b.LogSumExpAll();
            var values = new double[b.Size];
            System.Numerics.Tensors.TensorPrimitives.Subtract(b.Values, logZ, values);
            System.Numerics.Tensors.TensorPrimitives.Exp(values, values);
            System.Numerics.Tensors.TensorPrimitives.Multiply(values, total, values);
            marginals[c] = new Factor(b.Attributes, b.Shape, values);
        }
        return marginals;
    }

    /// <summary>
    /// Variable elimination on the calibrated beliefs of the smallest subtree whose cliques hold the
    /// attributes: p(x_T) = Π_C μ_C / Π_S μ_S over the subtree's cliques and separators, with every
    /// other attribute summed out (cheaper than eliminating over the whole model's potentials).
    /// </summary>
    private Factor Eliminate(int[] attributes)
    {
        var tree = Tree;
        var n = tree.Cliques.Length;
        var needed = new bool[n];
        foreach (var a in attributes)
        {
            var holder = Enumerable.Range(0, n).Where(i => tree.Cliques[i].Contains(a)).MinBy(i => tree.Cliques[i].Length);
            needed[holder] = true;
        }
        // Keep the paths between needed cliques: prune leaves that are not needed until none is left.
        var inTree = Enumerable.Repeat(true, n).ToArray();
        var degree = new int[n];
        for (var c = 0; c < n; c++)
        {
            if (tree.Parent[c] >= 0)
            {
                degree[c]++;
                degree[tree.Parent[c]]++;
            }
        }
        var queue = new Queue<int>(Enumerable.Range(0, n).Where(c => degree[c] <= 1 && !needed[c]));
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            if (!inTree[c])
            {
                continue;
            }
            inTree[c] = false;
            foreach (var neighbour in tree.Children[c].Append(tree.Parent[c]).Where(x => x >= 0 && inTree[x]))
            {
                if (--degree[neighbour] <= 1 && !needed[neighbour])
                {
                    queue.Enqueue(neighbour);
                }
            }
        }
        var factors = new List<Factor>();
        for (var c = 0; c < n; c++)
        {
            if (!inTree[c])
            {
                continue;
            }
            factors.Add(Log(Marginals[c], 1));
            if (tree.Parent[c] >= 0 && inTree[tree.Parent[c]])
            {
                factors.Add(Log(Marginals[c].Sum(tree.Separators[c]), -1));
            }
        }
        var keep = new HashSet<int>(attributes);
        var eliminate = new HashSet<int>(factors.SelectMany(f => f.Attributes).Where(a => !keep.Contains(a)));
        while (eliminate.Count > 0)
        {
            var v = eliminate.MinBy(x => Factor.CellCount(factors.Where(f => f.Attributes.Contains(x)).SelectMany(f => f.Attributes).Distinct(), Sizes));
            var involved = factors.Where(f => f.Attributes.Contains(v)).ToList();
            var combined = involved.Aggregate((a, b) => Factor.Add(a, b, Sizes));
            factors.RemoveAll(involved.Contains);
            factors.Add(combined.LogSumExp([.. combined.Attributes.Where(a => a != v)]));
            eliminate.Remove(v);
        }
        var result = Factor.Filled(attributes, Sizes, 0);
        foreach (var f in factors)
        {
            result.AddInPlace(f, Sizes);
        }
        var logZ = result.LogSumExpAll();
        var values = new double[result.Size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Total * Math.Exp(result.Values[i] - logZ);
        }
        return new Factor(result.Attributes, result.Shape, values);
    }

    private static Factor Log(Factor f, double sign)
    {
        var values = new double[f.Size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = sign * Math.Log(Math.Max(f.Values[i], 1e-300));
        }
        return new Factor(f.Attributes, f.Shape, values);
    }
}
