using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// t-closeness with hierarchical ground distance: two values of the sensitive attribute are
/// at distance level(lowest common ancestor) / H in its generalization hierarchy of height H,
/// and the Earth Mover's Distance between a class's distribution and the whole table's is
/// Σ over inner nodes N of level(N)/H · min(pos_extra(N), neg_extra(N)), where the extras
/// are the surplus and deficit of probability mass below N (Li, Li and Venkatasubramanian
/// 2007, "t-closeness: privacy beyond k-anonymity and l-diversity", Section 4.2). Every class
/// must be within distance t.
/// </summary>
/// <param name="Attribute">The sensitive attribute.</param>
/// <param name="T">The largest allowed distance, in [0, 1].</param>
/// <param name="Hierarchy">The sensitive attribute's generalization hierarchy (the ground distance).</param>
public sealed record HierarchicalDistanceTCloseness(string Attribute, double T, Hierarchy Hierarchy) : PrivacyModel
{
    /// <inheritdoc/>
    public override string? SensitiveAttribute => Attribute;

    /// <inheritdoc/>
    public override bool IsMonotonicWithSuppression => false;

    /// <inheritdoc/>
    public override string Name => "hierarchical-distance-t-closeness";

    /// <inheritdoc/>
    public override void Validate()
    {
        TClosenessParameters.Check(Name, Attribute, T);
        ArgumentNullException.ThrowIfNull(Hierarchy);
    }

    /// <inheritdoc/>
    public override string StrengthParameter => "t";

    /// <inheritdoc/>
    public override double? Strength => T;

    /// <inheritdoc/>
    public override PrivacyModel? Strengthen(Table table) => this with { T = T / 2 };

    internal override ClassCriterion Prepare(CriterionContext context)
    {
        var rows = Hierarchy.Rows;
        var height = Hierarchy.LevelCount - 1;
        var leafOf = new int[context.Values.Count];
        var leafIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            leafIndex[rows[r][0]] = r;
        }
        var globalCounts = new long[rows.Count];
        for (var code = 0; code < context.Values.Count; code++)
        {
            var value = context.Values[code] ?? Hierarchy.MissingValue;
            if (!leafIndex.TryGetValue(value, out var leaf))
            {
                throw new HierarchyException($"{Name} on '{Attribute}': the value '{value}' has no row in the hierarchy{(Hierarchy.Source is null ? "" : " " + Hierarchy.Source)}.", Hierarchy.Source);
            }
            leafOf[code] = leaf;
            globalCounts[leaf] += context.GlobalCounts[code];
        }
        // parent[l][i]: the node at level l+1 above node i of level l (level 0 = the leaves, i.e. rows).
        var parent = new int[height][];
        var nodeCount = new int[height + 1];
        nodeCount[0] = rows.Count;
        var rowNode = Enumerable.Range(0, rows.Count).ToArray();
        for (var level = 1; level <= height; level++)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var p = parent[level - 1] = new int[nodeCount[level - 1]];
            var next = new int[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                if (!index.TryGetValue(rows[r][level], out var node))
                {
                    node = index.Count;
                    index.Add(rows[r][level], node);
                }
                p[rowNode[r]] = node;
                next[r] = node;
            }
            nodeCount[level] = index.Count;
            rowNode = next;
        }
        return new Criterion(leafOf, globalCounts, parent, nodeCount, height, context.RowCount, T) { SensitiveIndex = context.SensitiveIndex };
    }

    private sealed class Criterion(int[] leafOf, long[] globalCounts, int[][] parent, int[] nodeCount, int height, int rowCount, double t) : ClassCriterion
    {
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts) =>
            Distance(size, values, counts) <= t;

        internal double Distance(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts)
        {
            // Extras scaled by N·|class| so they stay integers: q·N·|E| − p·|E|·N.
            var net = new long[globalCounts.Length];
            for (var i = 0; i < net.Length; i++)
            {
                net[i] = globalCounts[i] * size;
            }
            for (var i = 0; i < values.Length; i++)
            {
                net[leafOf[values[i]]] -= (long)counts[i] * rowCount;
            }
            var cost = 0d;
            for (var level = 1; level <= height; level++)
            {
                var map = parent[level - 1];
                var positive = new long[nodeCount[level]];
                var negative = new long[nodeCount[level]];
                var up = new long[nodeCount[level]];
                for (var child = 0; child < net.Length; child++)
                {
                    var extra = net[child];
                    var node = map[child];
                    if (extra > 0)
                    {
                        positive[node] += extra;
                    }
                    else
                    {
                        negative[node] -= extra;
                    }
                    up[node] += extra;
                }
                var levelCost = 0d;
                for (var node = 0; node < up.Length; node++)
                {
                    levelCost += Math.Min(positive[node], negative[node]);
                }
                cost += (double)level / height * levelCost;
                net = up;
            }
            return cost / ((double)rowCount * size);
        }
    }
}
