namespace Sanitas.Synthesis;

/// <summary>
/// Draws a synthetic table from a calibrated <see cref="GraphicalModel"/>, attribute by attribute
/// along the junction tree (Private-PGM's <c>synthetic_data</c>): each new attribute is drawn given
/// the attributes already drawn in its clique, from the clique's marginal. Rows sharing those
/// values get the conditional counts n·p rounded down plus the remainder drawn in proportion to
/// the fractions without replacement, then shuffled: the sample's marginals follow the model's
/// with less noise than independent draws. Post-processing of the model: no data is read.
/// </summary>
internal static class ModelSampler
{
    /// <summary>Samples <paramref name="rows"/> rows; returns one cell-index array per attribute.</summary>
    public static int[][] Sample(GraphicalModel model, int rows, BufferedRandom random, CancellationToken ct = default)
    {
        var sizes = model.Sizes;
        var codes = new int[sizes.Length][];
        var sampled = new List<int>();
        foreach (var c in model.Tree.Order)
        {
            var clique = model.Tree.Cliques[c];
            foreach (var v in clique)
            {
                if (codes[v] is not null)
                {
                    continue;
                }
                ct.ThrowIfCancellationRequested();
                var condition = clique.Where(a => codes[a] is not null).ToArray();
                codes[v] = SampleAttribute(model.Marginals[c], condition, v, sizes, codes, rows, random);
                sampled.Add(v);
            }
        }
        return codes;
    }

    private static int[] SampleAttribute(Factor cliqueMarginal, int[] condition, int v, int[] sizes, int[][] codes, int rows, BufferedRandom random)
    {
        var joint = cliqueMarginal.Sum([.. condition.Append(v).Order()]);
        var groups = (int)Factor.CellCount(condition, sizes);
        var k = sizes[v];
        // table[g * k + value] = joint count of condition cell g and value.
        var table = new double[groups * k];
        var conditionShape = Factor.ShapeOf(condition, sizes);
        var map = Factor.IndexMap(joint.Attributes, joint.Shape, condition, conditionShape);
        var position = Array.IndexOf(joint.Attributes, v);
        var stride = 1;
        for (var j = joint.Attributes.Length - 1; j > position; j--)
        {
            stride *= joint.Shape[j];
        }
        for (var t = 0; t < joint.Size; t++)
        {
            table[(map[t] * k) + (t / stride % k)] += Math.Max(0, joint.Values[t]);
        }
        // Rows by condition cell.
        var rowGroup = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var g = 0;
            foreach (var a in condition)
            {
                g = (g * sizes[a]) + codes[a][r];
            }
            rowGroup[r] = g;
        }
        var members = new List<int>[groups];
        for (var r = 0; r < rows; r++)
        {
            (members[rowGroup[r]] ??= []).Add(r);
        }
        var result = new int[rows];
        var counts = new int[k];
        var fractions = new double[k];
        for (var g = 0; g < groups; g++)
        {
            if (members[g] is not { } list)
            {
                continue;
            }
            var n = list.Count;
            var row = table.AsSpan(g * k, k);
            var sum = 0.0;
            foreach (var x in row)
            {
                sum += x;
            }
            var assigned = 0;
            for (var value = 0; value < k; value++)
            {
                var expected = sum > 0 ? n * row[value] / sum : (double)n / k;
                counts[value] = (int)Math.Floor(expected);
                fractions[value] = expected - counts[value];
                assigned += counts[value];
            }
            for (var extra = n - assigned; extra > 0; extra--)
            {
                counts[PickProportional(fractions, random)]++;
            }
            var values = new int[n];
            var i = 0;
            for (var value = 0; value < k; value++)
            {
                for (var c = 0; c < counts[value]; c++)
                {
                    values[i++] = value;
                }
            }
            random.Shuffle(values.AsSpan());
            for (var j = 0; j < n; j++)
            {
                result[list[j]] = values[j];
            }
        }
        return result;
    }

    /// <summary>Picks an index with probability ∝ weight and zeroes it (drawing without replacement).</summary>
    private static int PickProportional(double[] weights, BufferedRandom random)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }
        if (total <= 0)
        {
            return random.Below(weights.Length);
        }
        var u = random.NextDouble() * total;
        var last = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0)
            {
                continue;
            }
            last = i;
            u -= weights[i];
            if (u < 0)
            {
                weights[i] = 0;
                return i;
            }
        }
        weights[last] = 0;
        return last;
    }
}
