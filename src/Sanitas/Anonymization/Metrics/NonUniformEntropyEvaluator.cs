namespace Sanitas.Anonymization;

/// <summary>
/// Non-uniform entropy (Gionis and Tassa 2009, "k-anonymization with minimal loss of
/// information"), in ARX's definition: for each quasi-identifier c,
/// IL_c = −Σ_v f(v)·log2(f(v) / F(g(v))), where f counts the rows of the input with value v
/// and F the rows whose value generalizes to the same value g(v); i.e. −log2 of the
/// probability of guessing a row's original value from its generalized one, summed over rows.
/// The monotonic variant charges suppressed rows like any other. The non-monotonic variant
/// adds, per attribute, −Σ_g s_g·log2(s_g / S) over the S suppressed rows (s_g of them with
/// generalized value g). Each attribute's loss is truncated to 10 decimals, then summed, each
/// multiplied by its weight (ARX's weighted sum; weights scaled so that the largest is 1).
/// </summary>
internal sealed class NonUniformEntropyEvaluator : MetricEvaluator
{
    private readonly IReadOnlyList<QuasiIdentifierEncoding> _qis;
    private readonly double[][] _perLevel;
    private readonly bool _monotonic;
    private readonly double[] _weights;

    public NonUniformEntropyEvaluator(IReadOnlyList<QuasiIdentifierEncoding> qis, bool monotonic, double[]? weights = null)
    {
        _qis = qis;
        _weights = weights ?? MetricWeights.Uniform(qis.Count);
        _monotonic = monotonic;
        _perLevel = new double[qis.Count][];
        for (var c = 0; c < qis.Count; c++)
        {
            var qi = qis[c];
            _perLevel[c] = new double[qi.LevelCount];
            for (var level = 0; level < qi.LevelCount; level++)
            {
                var up = qi.Up[0][level];
                var generalized = new double[qi.LevelValues[level].Length];
                for (var v = 0; v < qi.Frequencies.Length; v++)
                {
                    generalized[up[v]] += qi.Frequencies[v];
                }
                var value = 0d;
                for (var v = 0; v < qi.Frequencies.Length; v++)
                {
                    double a = qi.Frequencies[v];
                    double b = generalized[up[v]];
                    if (a != 0)
                    {
                        value += a * Log2(a / b);
                    }
                }
                _perLevel[c][level] = value;
            }
        }
    }

    public override bool IsMonotonic(bool withSuppression) => _monotonic || !withSuppression;

    public override bool IsIndependent => _monotonic;

    public override double? LowerBound(int[] node)
    {
        var total = 0d;
        for (var c = 0; c < node.Length; c++)
        {
            total += _weights[c] * Round(Negate(_perLevel[c][node[c]]));
        }
        return total;
    }

    public override double Loss(int[] node, Snapshot snapshot, bool[] suppressed)
    {
        if (_monotonic)
        {
            return LowerBound(node)!.Value;
        }
        var perAttribute = PerAttribute(node, snapshot, suppressed);
        var total = 0d;
        for (var c = 0; c < perAttribute.Length; c++)
        {
            total += _weights[c] * perAttribute[c];
        }
        return total;
    }

    public override double[] PerAttribute(int[] node, Snapshot snapshot, bool[] suppressed)
    {
        var d = node.Length;
        var result = new double[d];
        if (_monotonic)
        {
            for (var c = 0; c < d; c++)
            {
                result[c] = Round(Negate(_perLevel[c][node[c]]));
            }
            return result;
        }
        var suppressedRows = 0;
        for (var k = 0; k < snapshot.Count; k++)
        {
            if (suppressed[k])
            {
                suppressedRows += snapshot.Sizes[k];
            }
        }
        for (var c = 0; c < d; c++)
        {
            var raw = _perLevel[c][node[c]];
            if (suppressedRows > 0)
            {
                var counts = new double[_qis[c].LevelValues[node[c]].Length];
                for (var k = 0; k < snapshot.Count; k++)
                {
                    if (suppressed[k])
                    {
                        counts[snapshot.Code(c, k)] += snapshot.Sizes[k];
                    }
                }
                foreach (var s in counts)
                {
                    if (s > 0)
                    {
                        raw += s * Log2(s / suppressedRows);
                    }
                }
            }
            result[c] = Round(Negate(raw));
        }
        return result;
    }

    private static double Negate(double v) => v == 0d ? v : -v;

    private static double Log2(double x) => Math.Log(x) / Math.Log(2);

    /// <summary>ARX truncates each attribute's loss to 10 decimals.</summary>
    internal static double Round(double v) => Math.Floor(v * 1e10) / 1e10;
}
