using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Tests.Anonymization;

namespace Sanitas.Tests.Risk;

/// <summary>
/// The transformation ARX's TestRiskMetrics anonymizes with: k-anonymity without suppression,
/// minimizing the Loss metric with AggregateFunction.RANK (ARX ILMultiDimensionalRank: the
/// per-attribute losses sorted descending, compared lexicographically). Without suppression an
/// attribute's loss depends only on its own level, so the nodes are visited in rank order and the
/// first k-anonymous one is the optimum.
/// </summary>
internal static class ArxRankTransformation
{
    public static Table Anonymize(Table table, IReadOnlyList<EngineQuasiIdentifier> qis, int k)
    {
        var harness = new EngineHarness(table, qis, [new KAnonymity(k)], 0, UtilityMetric.Loss);
        var encodings = harness.Prepared.Encodings;
        var rows = table.RowCount;
        // loss[q][level]: ARX's normalized Loss of attribute q at that level.
        var loss = encodings.Select(e => Enumerable.Range(0, e.LevelCount).Select(level =>
        {
            var x = 0d;
            foreach (var code in e.RowCodes)
            {
                x += e.Shares[level][e.LevelMap[level][code]];
            }
            var min = (double)rows / e.DomainSize;
            var max = (double)rows;
            return max == min ? 0 : NonUniformEntropyEvaluator.Round(Math.Max(0, (x - min) / (max - min)));
        }).ToArray()).ToArray();

        var lattice = harness.Lattice;
        var nodes = Enumerable.Range(0, (int)lattice.Size).Select(id => (Id: (long)id, Key: Aggregate(lattice.Decode(id), loss))).ToList();
        nodes.Sort((a, b) => Compare(a.Key, b.Key));
        foreach (var (id, _) in nodes)
        {
            var evaluation = harness.Prepared.Evaluator.Evaluate(id, full: true);
            if (evaluation.IsAnonymous && evaluation.SuppressedRecords == 0)
            {
                var node = lattice.Decode(id);
                return new Table(encodings.Select((e, q) =>
                {
                    var level = node[q];
                    var codes = e.RowCodes.Select(c => e.LevelMap[level][c]).ToArray();
                    return Column.FromCodes(e.Name, ColumnType.Text, [.. e.LevelValues[level]], codes);
                }));
            }
        }
        throw new InvalidOperationException("No k-anonymous transformation.");
    }

    private static double[] Aggregate(int[] node, double[][] loss)
    {
        var values = node.Select((level, q) => loss[q][level]).ToArray();
        Array.Sort(values);
        Array.Reverse(values);
        return values;
    }

    private static int Compare(double[] a, double[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }
}
