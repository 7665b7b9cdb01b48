namespace Sanitas.Synthesis;

/// <summary>
/// Distance to closest record (DCR, as in SDMetrics and synthcity): for sampled synthetic rows, the Hamming
/// distance over the declared cells to the nearest row of an input sample and of the holdout, both of the
/// same size. A synthesizer that copies its input puts synthetic rows closer to the input than to the
/// holdout: <see cref="CloserToTraining"/> well above 0.5 and <see cref="ExactTraining"/> above
/// <see cref="ExactHoldout"/>.
/// </summary>
/// <param name="Rows">Synthetic rows sampled.</param>
/// <param name="Compared">Rows in each of the input sample and the holdout.</param>
/// <param name="MeanToTraining">Mean distance (in cells) to the nearest input row.</param>
/// <param name="MeanToHoldout">Mean distance to the nearest holdout row.</param>
/// <param name="ExactTraining">Share of synthetic rows equal (in every cell) to some input row.</param>
/// <param name="ExactHoldout">Share equal to some holdout row.</param>
/// <param name="CloserToTraining">Share strictly closer to the input than to the holdout, ties counted half (0.5: no memorization seen).</param>
internal sealed record ClosestRecordDistances(int Rows, int Compared, double MeanToTraining, double MeanToHoldout, double ExactTraining, double ExactHoldout,
    double CloserToTraining)
{
    public static ClosestRecordDistances Compute(EncodedTable training, EncodedTable holdout, EncodedTable synthetic, int rows = 500, int seed = 43,
        CancellationToken ct = default)
    {
        // Not a release: the data owner's evaluation of a synthetic table (not DP); a fixed seed makes the report reproducible.
        var random = new Random(seed);
        int[] Sample(int n, int count)
        {
            var all = Enumerable.Range(0, n).ToArray();
            random.Shuffle(all);
            return all[..count];
        }
        var compared = Math.Min(training.Rows, holdout.Rows);
        var trainRows = Sample(training.Rows, compared);
        var holdoutRows = Sample(holdout.Rows, compared);
        var targets = Sample(synthetic.Rows, Math.Min(rows, synthetic.Rows));
        double toTraining = 0, toHoldout = 0, exactTraining = 0, exactHoldout = 0, closer = 0;
        foreach (var s in targets)
        {
            ct.ThrowIfCancellationRequested();
            var a = Nearest(synthetic, s, training, trainRows);
            var b = Nearest(synthetic, s, holdout, holdoutRows);
            toTraining += a;
            toHoldout += b;
            exactTraining += a == 0 ? 1 : 0;
            exactHoldout += b == 0 ? 1 : 0;
            closer += a < b ? 1 : a == b ? 0.5 : 0;
        }
        var n = Math.Max(1, targets.Length);
        return new ClosestRecordDistances(targets.Length, compared, toTraining / n, toHoldout / n, exactTraining / n, exactHoldout / n, closer / n);
    }

    private static int Nearest(EncodedTable from, int row, EncodedTable to, int[] rows)
    {
        var best = int.MaxValue;
        foreach (var r in rows)
        {
            var distance = 0;
            for (var j = 0; j < from.Width && distance < best; j++)
            {
                distance += from.Codes[j][row] != to.Codes[j][r] ? 1 : 0;
            }
            if (distance < best)
            {
                best = distance;
                if (best == 0)
                {
                    break;
                }
            }
        }
        return rows.Length == 0 ? 0 : best;
    }
}
