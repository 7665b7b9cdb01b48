namespace Sanitas.Synthesis;

/// <summary>
/// The mirror-descent loop's inner work compiled once per junction tree and measurement set:
/// belief propagation and the loss L(μ) = ½ Σᵢ ‖wᵢ(μ_{Cᵢ} − yᵢ)/σᵢ‖² with its gradient on plain
/// arrays, through integer cell maps computed once (a clique cell → its separator cell, a clique cell
/// → a measured marginal's cell) and buffers reused across iterations, so an iteration allocates
/// nothing. Measurements of the same attribute set are merged into one quadratic (A μ² − 2 B μ + C
/// per cell), which leaves the loss and its gradient unchanged. This is what made AIM practical
/// on Adult's 3-way workload (docs/benchmarks.md): the first version built a string key per map
/// lookup and allocated a clique-sized array per measurement and message in every iteration.
/// </summary>
internal sealed class TreeInference
{
    private readonly JunctionTree _tree;
    private readonly int[][] _toSeparator;
    private readonly int[] _separatorSizes;
    private readonly double[][] _message;
    private readonly double[][] _down;
    private readonly Group[][] _groups;
    private readonly double _constant;

    public TreeInference(JunctionTree tree, int[] sizes, IReadOnlyList<Measurement> measurements)
    {
        _tree = tree;
        var n = tree.Cliques.Length;
        CliqueSizes = new int[n];
        _toSeparator = new int[n][];
        _separatorSizes = new int[n];
        _message = new double[n][];
        _down = new double[n][];
        for (var c = 0; c < n; c++)
        {
            var shape = Factor.ShapeOf(tree.Cliques[c], sizes);
            CliqueSizes[c] = Factor.Product(shape);
            if (tree.Parent[c] >= 0)
            {
                var separator = tree.Separators[c];
                var separatorShape = Factor.ShapeOf(separator, sizes);
                _separatorSizes[c] = Factor.Product(separatorShape);
                _toSeparator[c] = Factor.IndexMap(tree.Cliques[c], shape, separator, separatorShape);
                _message[c] = new double[_separatorSizes[c]];
                _down[c] = new double[_separatorSizes[c]];
            }
        }
        ParentToSeparator = new int[n][];
        for (var c = 0; c < n; c++)
        {
            var p = tree.Parent[c];
            if (p >= 0)
            {
                ParentToSeparator[c] = Factor.IndexMap(tree.Cliques[p], Factor.ShapeOf(tree.Cliques[p], sizes), tree.Separators[c],
                    Factor.ShapeOf(tree.Separators[c], sizes));
            }
        }
        var groups = new List<Group>[n];
        for (var c = 0; c < n; c++)
        {
            groups[c] = [];
        }
        foreach (var m in measurements)
        {
            var c = tree.CliqueContaining(m.Attributes);
            var group = groups[c].Find(g => g.Attributes.AsSpan().SequenceEqual(m.Attributes));
            if (group is null)
            {
                var shape = Factor.ShapeOf(m.Attributes, sizes);
                var map = m.Attributes.AsSpan().SequenceEqual(tree.Cliques[c])
                    ? null
                    : Factor.IndexMap(tree.Cliques[c], Factor.ShapeOf(tree.Cliques[c], sizes), m.Attributes, shape);
                group = new Group(m.Attributes, map, new double[m.Values.Length], new double[m.Values.Length], new double[m.Values.Length]);
                groups[c].Add(group);
            }
            var inverseVariance = 1 / (m.Sigma * m.Sigma);
            for (var k = 0; k < m.Values.Length; k++)
            {
                var w = m.Weight(k);
                var a = w * w * inverseVariance;
                group.A[k] += a;
                group.B[k] += a * m.Values[k];
                _constant += 0.5 * a * m.Values[k] * m.Values[k];
            }
        }
        _groups = [.. groups.Select(g => g.ToArray())];
    }

    /// <summary>Each clique's number of cells.</summary>
    public int[] CliqueSizes { get; }

    private int[][] ParentToSeparator { get; }

    /// <summary>New arrays, one per clique.</summary>
    public double[][] NewBuffers() => [.. CliqueSizes.Select(s => new double[s])];

    /// <summary>
    /// Belief propagation in log space on the log-potentials <paramref name="theta"/>: writes each
    /// clique's marginal, in counts summing to <paramref name="total"/>, into <paramref name="mu"/>.
    /// </summary>
    public void Calibrate(double[][] theta, double total, double[][] mu)
    {
        var tree = _tree;
        var n = CliqueSizes.Length;
        // mu holds the beliefs (log space) until the last step.
        for (var k = n - 1; k >= 0; k--)
        {
            var c = tree.Order[k];
            var belief = mu[c];
            theta[c].CopyTo(belief, 0);
            foreach (var child in tree.Children[c])
            {
                AddMapped(belief, _message[child], ParentToSeparator[child]);
            }
            if (tree.Parent[c] >= 0)
            {
                LogSumExp(belief, _toSeparator[c], _message[c]);
            }
        }
        foreach (var c in tree.Order)
        {
            var p = tree.Parent[c];
            if (p < 0)
            {
                continue;
            }
            var down = _down[c];
            LogSumExp(mu[p], ParentToSeparator[c], down);
            var up = _message[c];
            for (var s = 0; s < down.Length; s++)
            {
                // −∞ − (−∞) is a cell the parent rules out: keep it out.
                down[s] = double.IsNegativeInfinity(down[s]) ? double.NegativeInfinity : down[s] - up[s];
            }
            AddMapped(mu[c], down, _toSeparator[c]);
        }
        for (var c = 0; c < n; c++)
        {
            var b = mu[c].AsSpan();
            var max = System.Numerics.Tensors.TensorPrimitives.Max<double>(b);
            System.Numerics.Tensors.TensorPrimitives.Subtract(b, max, b);
            System.Numerics.Tensors.TensorPrimitives.Exp(b, b);
            var sum = System.Numerics.Tensors.TensorPrimitives.Sum<double>(b);
            System.Numerics.Tensors.TensorPrimitives.Multiply(b, total / sum, b);
        }
    }

    /// <summary>The loss at <paramref name="mu"/>; writes its gradient with respect to each clique's μ into <paramref name="gradient"/>.</summary>
    public double Loss(double[][] mu, double[][] gradient)
    {
        var loss = _constant;
        for (var c = 0; c < mu.Length; c++)
        {
            var g = gradient[c];
            Array.Clear(g);
            foreach (var group in _groups[c])
            {
                var marginal = group.Marginal;
                if (group.Map is null)
                {
                    mu[c].CopyTo(marginal, 0);
                }
                else
                {
                    Array.Clear(marginal);
                    var map = group.Map;
                    var values = mu[c];
                    for (var t = 0; t < values.Length; t++)
                    {
                        marginal[map[t]] += values[t];
                    }
                }
                for (var k = 0; k < marginal.Length; k++)
                {
                    var x = marginal[k];
                    loss += (0.5 * group.A[k] * x * x) - (group.B[k] * x);
                    marginal[k] = (group.A[k] * x) - group.B[k];
                }
                if (group.Map is null)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(g, marginal, g);
                }
                else
                {
                    AddMapped(g, marginal, group.Map);
                }
            }
        }
        return loss;
    }

    private static void AddMapped(double[] target, double[] source, int[] map)
    {
        for (var t = 0; t < target.Length; t++)
        {
            target[t] += source[map[t]];
        }
    }

    private static void LogSumExp(double[] values, int[] map, double[] result)
    {
        Array.Fill(result, double.NegativeInfinity);
        for (var t = 0; t < values.Length; t++)
        {
            var j = map[t];
            if (values[t] > result[j])
            {
                result[j] = values[t];
            }
        }
        Span<double> sums = result.Length <= 512 ? stackalloc double[result.Length] : new double[result.Length];
        sums.Clear();
        for (var t = 0; t < values.Length; t++)
        {
            var j = map[t];
            var m = result[j];
            if (!double.IsNegativeInfinity(m))
            {
                sums[j] += Math.Exp(values[t] - m);
            }
        }
        for (var j = 0; j < result.Length; j++)
        {
            if (!double.IsNegativeInfinity(result[j]))
            {
                result[j] += Math.Log(sums[j]);
            }
        }
    }

    private sealed record Group(int[] Attributes, int[]? Map, double[] A, double[] B, double[] Marginal);
}
