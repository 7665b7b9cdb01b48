namespace Sanitas.Anonymization;

/// <summary>
/// The metrics computed from the classes of a checked node: discernibility (DM and DM*), average
/// class size, loss and precision, each exactly as ARX defines it (see docs/anonymization.md).
/// </summary>
internal sealed class ClassMetricEvaluator(UtilityMetric metric, IReadOnlyList<QuasiIdentifierEncoding> qis, int rowCount, double[]? weights = null) : MetricEvaluator
{
    private readonly double[] _weights = weights ?? MetricWeights.Uniform(qis.Count);

    public override bool IsMonotonic(bool withSuppression) => metric switch
    {
        UtilityMetric.DiscernibilityMonotonic => true,
        UtilityMetric.Height => true,
        _ => !withSuppression,
    };

    public override bool IsIndependent => metric == UtilityMetric.Height;

    public override double? LowerBound(int[] node) => metric == UtilityMetric.Height ? WeightedHeight(node, _weights) : null;

    public override double Loss(int[] node, Snapshot snapshot, bool[] suppressed) => Compute(metric, qis, rowCount, node, snapshot, suppressed, _weights);

    public override double[]? PerAttribute(int[] node, Snapshot snapshot, bool[] suppressed) => PerAttribute(metric, qis, rowCount, node, snapshot, suppressed);

    private static double WeightedHeight(int[] node, double[] weights)
    {
        var total = 0d;
        for (var q = 0; q < node.Length; q++)
        {
            total += weights.Length == 0 ? node[q] : weights[q] * node[q];
        }
        return total;
    }

    internal static double Compute(UtilityMetric metric, IReadOnlyList<QuasiIdentifierEncoding> qis, int rowCount, int[] node, Snapshot snapshot, bool[] suppressed, double[]? weights = null)
    {
        weights ??= MetricWeights.Uniform(qis.Count);
        switch (metric)
        {
            case UtilityMetric.Height:
                return WeightedHeight(node, weights);
            case UtilityMetric.Discernibility:
            case UtilityMetric.DiscernibilityMonotonic:
                {
                    var dm = 0d;
                    var dmStar = 0d;
                    for (var c = 0; c < snapshot.Count; c++)
                    {
                        double size = snapshot.Sizes[c];
                        dmStar += size * size;
                        dm += suppressed[c] ? (double)rowCount * size : size * size;
                    }
                    return metric == UtilityMetric.Discernibility ? dm : dmStar;
                }
            case UtilityMetric.AverageClassSize:
                {
                    var released = 0;
                    var any = false;
                    for (var c = 0; c < snapshot.Count; c++)
                    {
                        if (suppressed[c])
                        {
                            any = true;
                        }
                        else
                        {
                            released++;
                        }
                    }
                    var classes = released + (any ? 1 : 0);
                    return classes == 0 ? rowCount : (double)rowCount / classes;
                }
            case UtilityMetric.Loss:
                {
                    // The weighted geometric mean (Π (1 + r_q)^(w_q))^(1 / Σ w) − 1; with equal weights exactly ARX's
                    // (Π (1 + r_q))^(1/d) − 1. ARX multiplies each (1 + r_q) by w_q instead, which scales every
                    // transformation's loss by the same factor and so never changes the optimum.
                    var perAttribute = PerAttribute(metric, qis, rowCount, node, snapshot, suppressed)!;
                    if (MetricWeights.AreUniform(weights))
                    {
                        var product = 1d;
                        for (var q = 0; q < perAttribute.Length; q++)
                        {
                            product *= 1 + perAttribute[q];
                        }
                        return Math.Pow(product, 1d / qis.Count) - 1;
                    }
                    var logSum = 0d;
                    var weightSum = 0d;
                    for (var q = 0; q < perAttribute.Length; q++)
                    {
                        logSum += weights[q] * Math.Log(1 + perAttribute[q]);
                        weightSum += weights[q];
                    }
                    return Math.Exp(logSum / weightSum) - 1;
                }
            case UtilityMetric.Precision:
                {
                    // ARX's weighted arithmetic mean: Σ w_q · p_q / d.
                    var perAttribute = PerAttribute(metric, qis, rowCount, node, snapshot, suppressed)!;
                    var total = 0d;
                    for (var q = 0; q < perAttribute.Length; q++)
                    {
                        total += weights[q] * perAttribute[q];
                    }
                    return total / qis.Count;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a class-based metric.");
        }
    }

    /// <summary>
    /// Each quasi-identifier's own, unweighted loss under a per-attribute metric (loss, precision,
    /// height); <see langword="null"/> for discernibility and average class size, which are not sums over attributes.
    /// </summary>
    internal static double[]? PerAttribute(UtilityMetric metric, IReadOnlyList<QuasiIdentifierEncoding> qis, int rowCount, int[] node, Snapshot snapshot, bool[] suppressed)
    {
        var result = new double[qis.Count];
        switch (metric)
        {
            case UtilityMetric.Height:
                for (var q = 0; q < qis.Count; q++)
                {
                    result[q] = node[q];
                }
                return result;
            case UtilityMetric.Loss:
                // Per attribute: Σ over classes of |E|·share(value), a suppressed record counting 1; normalized
                // between |D|/domain (nothing generalized) and |D| (everything hidden).
                for (var q = 0; q < qis.Count; q++)
                {
                    var shares = qis[q].Shares[node[q]];
                    var x = 0d;
                    for (var c = 0; c < snapshot.Count; c++)
                    {
                        x += suppressed[c] ? snapshot.Sizes[c] : snapshot.Sizes[c] * shares[snapshot.Code(q, c)];
                    }
                    var min = (double)rowCount / qis[q].DomainSize;
                    var max = (double)rowCount;
                    var r = max == min ? 0 : Math.Max(0, (x - min) / (max - min));
                    result[q] = NonUniformEntropyEvaluator.Round(r);
                }
                return result;
            case UtilityMetric.Precision:
                for (var q = 0; q < qis.Count; q++)
                {
                    var relative = qis[q].MaxLevel == 0 ? 0 : (double)node[q] / qis[q].MaxLevel;
                    var x = 0d;
                    for (var c = 0; c < snapshot.Count; c++)
                    {
                        x += snapshot.Sizes[c] * (suppressed[c] ? 1 : relative);
                    }
                    result[q] = x / rowCount;
                }
                return result;
            default:
                return null;
        }
    }
}
