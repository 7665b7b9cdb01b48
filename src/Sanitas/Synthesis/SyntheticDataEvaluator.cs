using Sanitas.Data;
using Sanitas.Risk.Attacks;

namespace Sanitas.Synthesis;

/// <summary>
/// Evaluates a synthetic table against the real one on the declared domain (both tables mapped
/// onto the configuration's cells, as the synthesizer saw them): fidelity (TVD of every 1-, 2- and
/// 3-way marginal, Cramér's V differences, pMSE), utility (train on synthetic, test on real, with
/// logistic regression on one-hot cells), privacy (Sanitas.Risk's
/// distance-to-closest-record membership attack with a holdout, DCR statistics and Anonymeter-style
/// singling-out, linkability and inference risks with the holdout as control). The result is a data owner's
/// report (<see cref="SynthesisEvaluation.Audience"/>).
/// </summary>
public static class SyntheticDataEvaluator
{
    // A light ridge penalty keeps Newton's method to a few steps when a one-hot cell separates the classes.
    private const double EvaluationRegularization = 1e-4;

    /// <summary>Evaluates.</summary>
    /// <param name="real">The real table (the synthesizer's input).</param>
    /// <param name="synthetic">The synthetic table.</param>
    /// <param name="config">The domain both are mapped onto.</param>
    /// <param name="target">A two-class column for TSTR, or null.</param>
    /// <param name="holdout">Real rows not given to the synthesizer, for the membership attack, or null.</param>
    /// <param name="maxDegree">The largest marginal degree (3 by default).</param>
    /// <param name="ct">Cancels.</param>
    public static SynthesisEvaluation Evaluate(Table real, Table synthetic, SynthesisConfig config, string? target = null, Table? holdout = null,
        int maxDegree = 3, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(config);
        // The evaluation compares tables as they are: no unit column is needed, no row is dropped.
        config = config with { Unit = null };
        config.CheckColumns([.. real.ColumnNames], "the real table");
        config.CheckColumns([.. synthetic.ColumnNames], "the synthetic table");
        var names = config.Names.ToArray();
        if (target is not null && !names.Contains(target))
        {
            throw new InvalidOptionException($"The target '{target}' is not a declared column; declared: {string.Join(", ", names)}.");
        }
        if (target is not null && config.Columns[Array.IndexOf(names, target)].Size != 2)
        {
            throw new InvalidOptionException($"The target '{target}' must declare exactly two cells for the logistic TSTR model.");
        }
        var x = EncodedTable.Encode(real, config);
        var y = EncodedTable.Encode(synthetic, config);
        var marginals = new List<MarginalDistance>();
        for (var k = 1; k <= Math.Min(maxDegree, names.Length); k++)
        {
            ct.ThrowIfCancellationRequested();
            marginals.Add(Distance(x, y, names, k));
        }
        var (meanV, maxV) = Association(x, y);
        double? tstr = null, trtr = null, majority = null;
        if (target is not null)
        {
            (tstr, trtr, majority) = TrainOnSyntheticTestOnReal(x, y, Array.IndexOf(names, target), ct);
        }
        var pmse = Pmse(x, y, ct);
        MembershipInferenceResult? mia = null;
        IReadOnlyList<SyntheticRisk> risks = [];
        ClosestRecordDistances? distances = null;
        if (holdout is not null)
        {
            config.CheckColumns([.. holdout.ColumnNames], "the holdout table");
            var h = EncodedTable.Encode(holdout, config);
            mia = MembershipInference.DistanceToClosestRecord(Cells(real, x, config), Cells(holdout, h, config), Cells(synthetic, y, config), names, ct);
            distances = ClosestRecordDistances.Compute(x, h, y, ct: ct);
            risks = SyntheticRiskEvaluator.Evaluate(x, h, y, target is null ? names.Length - 1 : Array.IndexOf(names, target), ct: ct);
        }
        var oneWay = config.Columns.Select((c, i) => new MarginalComparison(c.Name, c.Categories, Shares(x.Histogram([i])), Shares(y.Histogram([i])))).ToList();
        return new SynthesisEvaluation(x.Rows, y.Rows, marginals, meanV, maxV, pmse, target, tstr, trtr, majority, mia, oneWay) { Risks = risks, Distances = distances };
    }

    /// <summary>TVD of every k-subset of columns.</summary>
    internal static MarginalDistance Distance(EncodedTable x, EncodedTable y, string[] names, int k)
    {
        double sum = 0, max = -1;
        var worst = Array.Empty<string>();
        var count = 0;
        foreach (var subset in Subsets(names.Length, k))
        {
            var tvd = Tvd(x.Histogram(subset), y.Histogram(subset));
            sum += tvd;
            count++;
            if (tvd > max)
            {
                max = tvd;
                worst = [.. subset.Select(a => names[a])];
            }
        }
        return new MarginalDistance(k, count == 0 ? 0 : sum / count, Math.Max(0, max), worst, count);
    }

    /// <summary>½ Σ |p − q| of two histograms after normalizing each (an empty histogram counts as uniform zero mass).</summary>
    internal static double Tvd(double[] a, double[] b)
    {
        double na = a.Sum(), nb = b.Sum();
        var tvd = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            tvd += Math.Abs((na > 0 ? a[i] / na : 0) - (nb > 0 ? b[i] / nb : 0));
        }
        return tvd / 2;
    }

    private static double[] Shares(double[] counts)
    {
        var n = counts.Sum();
        return [.. counts.Select(c => n > 0 ? c / n : 0)];
    }

    internal static IEnumerable<int[]> Subsets(int n, int k)
    {
        var current = new int[k];
        IEnumerable<int[]> From(int start, int depth)
        {
            if (depth == k)
            {
                yield return [.. current];
                yield break;
            }
            for (var i = start; i < n; i++)
            {
                current[depth] = i;
                foreach (var s in From(i + 1, depth + 1))
                {
                    yield return s;
                }
            }
        }
        return From(0, 0);
    }

    private static (double Mean, double Max) Association(EncodedTable x, EncodedTable y)
    {
        double sum = 0, max = 0;
        var count = 0;
        foreach (var pair in Subsets(x.Width, 2))
        {
            var d = Math.Abs(CramersV(x, pair) - CramersV(y, pair));
            sum += d;
            max = Math.Max(max, d);
            count++;
        }
        return (count == 0 ? 0 : sum / count, max);
    }

    /// <summary>Cramér's V of two columns: √(χ²/(n (min(r, c) − 1))) over the non-empty rows and columns.</summary>
    internal static double CramersV(EncodedTable t, int[] pair)
    {
        var h = t.Histogram(pair);
        int r = t.Sizes[pair[0]], c = t.Sizes[pair[1]];
        var rows = new double[r];
        var cols = new double[c];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                rows[i] += h[(i * c) + j];
                cols[j] += h[(i * c) + j];
            }
        }
        double n = t.Rows, chi = 0;
        if (n == 0)
        {
            return 0;
        }
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                var e = rows[i] * cols[j] / n;
                if (e > 0)
                {
                    var d = h[(i * c) + j] - e;
                    chi += d * d / e;
                }
            }
        }
        var k = Math.Min(rows.Count(v => v > 0), cols.Count(v => v > 0)) - 1;
        return k <= 0 ? 0 : Math.Sqrt(chi / (n * k));
    }

    /// <summary>The table with every declared column replaced by its cell's label (one-hot features for the models).</summary>
    private static Table Cells(Table table, EncodedTable encoded, SynthesisConfig config) =>
        new(config.Columns.Select((c, i) => Column.FromCodes(c.Name, ColumnType.Text, [.. c.Categories], [.. encoded.Codes[i]])));

    private static (double Synthetic, double Real, double Majority) TrainOnSyntheticTestOnReal(EncodedTable real, EncodedTable synthetic, int target, CancellationToken ct)
    {
        var features = Enumerable.Range(0, real.Width).Where(j => j != target).ToArray();
        var sizes = features.Select(j => real.Sizes[j]).ToArray();
        int[][] Features(EncodedTable t) => [.. features.Select(j => t.Codes[j])];
        var truth = real.Codes[target];
        double Accuracy(OneHotLogisticRegression model)
        {
            var p = model.Predict(Features(real));
            var hits = 0;
            for (var i = 0; i < p.Length; i++)
            {
                hits += (p[i] >= 0.5 ? 1 : 0) == truth[i] ? 1 : 0;
            }
            return (double)hits / Math.Max(1, p.Length);
        }
        var onSynthetic = OneHotLogisticRegression.Fit(Features(synthetic), sizes, synthetic.Codes[target], EvaluationRegularization, ct);
        var onReal = OneHotLogisticRegression.Fit(Features(real), sizes, truth, EvaluationRegularization, ct);
        var positives = truth.Count(c => c == 1);
        var majority = Math.Max(positives, truth.Length - positives) / (double)Math.Max(1, truth.Length);
        return (Accuracy(onSynthetic), Accuracy(onReal), majority);
    }

    /// <summary>pMSE (Woo et al. 2009; Snoke et al. 2018): stack the tables, fit a logistic model on one-hot cells telling them apart, average (p̂ − c)² with c the synthetic share.</summary>
    private static double? Pmse(EncodedTable real, EncodedTable synthetic, CancellationToken ct)
    {
        if (real.Rows == 0 || synthetic.Rows == 0)
        {
            return null;
        }
        int[][] stacked = [.. Enumerable.Range(0, real.Width).Select(j => real.Codes[j].Concat(synthetic.Codes[j]).ToArray())];
        var labels = Enumerable.Repeat(0, real.Rows).Concat(Enumerable.Repeat(1, synthetic.Rows)).ToArray();
        var model = OneHotLogisticRegression.Fit(stacked, real.Sizes, labels, EvaluationRegularization, ct);
        var p = model.Predict(stacked);
        var share = (double)synthetic.Rows / labels.Length;
        var sum = 0.0;
        foreach (var v in p)
        {
            sum += (v - share) * (v - share);
        }
        return sum / p.Length;
    }
}
