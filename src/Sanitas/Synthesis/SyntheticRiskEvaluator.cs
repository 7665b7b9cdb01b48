namespace Sanitas.Synthesis;

/// <summary>
/// The three attacks of Anonymeter (Giomi et al. 2023, PoPETs 2023(2)) on the declared cells, each run
/// on records of the synthesizer's input and on control records it never saw (<see cref="SyntheticRisk"/>):
/// <list type="bullet">
/// <item><b>singling-out</b> (multivariate): predicates "column₁ = v₁ ∧ column₂ = v₂ ∧ column₃ = v₃" built
/// from a synthetic row and three random columns, kept when exactly one synthetic row satisfies them; a
/// predicate succeeds when it isolates exactly one record of the input sample (or of the control set).
/// Input sample and control set have the same size, so that isolating is equally hard on both.</item>
/// <item><b>linkability</b>: the columns are split in two halves (declared order); an attacker who knows a
/// record's two halves separately links them when some synthetic row is nearest (Hamming distance over
/// cells) to both halves at once.</item>
/// <item><b>inference</b>: knowing every column but the secret (the TSTR target, else the last column), the
/// attacker guesses the secret as the most common one among the nearest synthetic rows.</item>
/// </list>
/// Targets are sampled without replacement with a fixed seed (an evaluation, not a release). Cost: one
/// scan of the synthetic table per target and attack.
/// </summary>
internal static class SyntheticRiskEvaluator
{
    public const int DefaultAttempts = 500;

    public static IReadOnlyList<SyntheticRisk> Evaluate(EncodedTable training, EncodedTable control, EncodedTable synthetic, int secret,
        int attempts = DefaultAttempts, int seed = 42, CancellationToken ct = default)
    {
        // Not a release: the data owner's simulated attacks on a synthetic table (not DP); a fixed seed makes the report reproducible.
        var random = new Random(seed);
        var n = Math.Min(attempts, Math.Min(training.Rows, control.Rows));
        var trainTargets = Sample(training.Rows, n, random);
        var controlTargets = Sample(control.Rows, n, random);
        // Equal-size sets for singling out: as many input rows as control rows.
        var trainSample = Sample(training.Rows, Math.Min(training.Rows, control.Rows), random);
        var controlAll = Enumerable.Range(0, control.Rows).ToArray();
        return
        [
            SinglingOut(training, trainSample, control, controlAll, synthetic, n, random, ct),
            Linkability(training, trainTargets, control, controlTargets, synthetic, ct),
            Inference(training, trainTargets, control, controlTargets, synthetic, secret, ct),
        ];
    }

    private static int[] Sample(int rows, int count, Random random)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(all);
        return all[..count];
    }

    internal static SyntheticRisk SinglingOut(EncodedTable training, int[] trainRows, EncodedTable control, int[] controlRows, EncodedTable synthetic,
        int attempts, Random random, CancellationToken ct)
    {
        var width = synthetic.Width;
        var columns = Math.Min(3, width);
        var predicates = new List<(int[] Columns, int[] Values)>();
        for (var tries = 0; predicates.Count < attempts && tries < 20 * attempts && synthetic.Rows > 0; tries++)
        {
            ct.ThrowIfCancellationRequested();
            var row = random.Next(synthetic.Rows);
            var chosen = Enumerable.Range(0, width).OrderBy(_ => random.Next()).Take(columns).ToArray();
            var values = chosen.Select(c => synthetic.Codes[c][row]).ToArray();
            if (Matches(synthetic, Enumerable.Range(0, synthetic.Rows), chosen, values, 2) == 1)
            {
                predicates.Add((chosen, values));
            }
        }
        var onTraining = predicates.Count(p => Matches(training, trainRows, p.Columns, p.Values, 2) == 1);
        var onControl = predicates.Count(p => Matches(control, controlRows, p.Columns, p.Values, 2) == 1);
        return SyntheticRisk.From("singling-out", predicates.Count, onTraining, onControl);
    }

    /// <summary>Rows matching the predicate, counted up to <paramref name="stop"/>.</summary>
    private static int Matches(EncodedTable table, IEnumerable<int> rows, int[] columns, int[] values, int stop)
    {
        var count = 0;
        foreach (var r in rows)
        {
            var all = true;
            for (var j = 0; j < columns.Length && all; j++)
            {
                all = table.Codes[columns[j]][r] == values[j];
            }
            if (all && ++count >= stop)
            {
                break;
            }
        }
        return count;
    }

    internal static SyntheticRisk Linkability(EncodedTable training, int[] trainTargets, EncodedTable control, int[] controlTargets, EncodedTable synthetic,
        CancellationToken ct)
    {
        var half = (synthetic.Width + 1) / 2;
        bool Linked(EncodedTable table, int row)
        {
            ct.ThrowIfCancellationRequested();
            int bestA = int.MaxValue, bestB = int.MaxValue, bestBoth = int.MaxValue;
            for (var s = 0; s < synthetic.Rows; s++)
            {
                int a = 0, b = 0;
                for (var j = 0; j < synthetic.Width; j++)
                {
                    if (synthetic.Codes[j][s] != table.Codes[j][row])
                    {
                        if (j < half)
                        {
                            a++;
                        }
                        else
                        {
                            b++;
                        }
                    }
                }
                bestA = Math.Min(bestA, a);
                bestB = Math.Min(bestB, b);
                bestBoth = Math.Min(bestBoth, a + b);
            }
            // Some synthetic row is nearest to both halves exactly when the best joint distance is the sum of the two best.
            return synthetic.Rows > 0 && bestBoth == bestA + bestB;
        }
        return SyntheticRisk.From("linkability", trainTargets.Length, trainTargets.Count(r => Linked(training, r)), controlTargets.Count(r => Linked(control, r)));
    }

    internal static SyntheticRisk Inference(EncodedTable training, int[] trainTargets, EncodedTable control, int[] controlTargets, EncodedTable synthetic,
        int secret, CancellationToken ct)
    {
        var votes = new int[synthetic.Sizes[secret]];
        bool Guessed(EncodedTable table, int row)
        {
            ct.ThrowIfCancellationRequested();
            Array.Clear(votes);
            var best = int.MaxValue;
            for (var s = 0; s < synthetic.Rows; s++)
            {
                var distance = 0;
                for (var j = 0; j < synthetic.Width && distance <= best; j++)
                {
                    if (j != secret && synthetic.Codes[j][s] != table.Codes[j][row])
                    {
                        distance++;
                    }
                }
                if (distance < best)
                {
                    best = distance;
                    Array.Clear(votes);
                }
                if (distance == best)
                {
                    votes[synthetic.Codes[secret][s]]++;
                }
            }
            return synthetic.Rows > 0 && Array.IndexOf(votes, votes.Max()) == table.Codes[secret][row];
        }
        return SyntheticRisk.From("inference", trainTargets.Length, trainTargets.Count(r => Guessed(training, r)), controlTargets.Count(r => Guessed(control, r)));
    }
}
