namespace Sanitas.Anonymization;

/// <summary>
/// The metrics computed from the classes of a checked node: discernibility (DM and DM*), average
/// class size, loss and precision, each exactly as ARX defines it (see docs/anonymization.md).
/// </summary>
internal sealed class ClassMetricEvaluator(UtilityMetric metric, IReadOnlyList<QuasiIdentifierEncoding> qis, int rowCount) : MetricEvaluator
{
    public override bool IsMonotonic(bool withSuppression) => metric switch
    {
        UtilityMetric.DiscernibilityMonotonic => true,
        UtilityMetric.Height => true,
        _ => !withSuppression,
    };

    public override bool IsIndependent => metric == UtilityMetric.Height;

    public override double? LowerBound(int[] node) => metric == UtilityMetric.Height ? node.Sum() : null;

    public override double Loss(int[] node, Snapshot snapshot, bool[] suppressed) => Compute(metric, qis, rowCount, node, snapshot, suppressed);

    internal static double Compute(UtilityMetric metric, IReadOnlyList<QuasiIdentifierEncoding> qis, int rowCount, int[] node, Snapshot snapshot, bool[] suppressed)
    {
        switch (metric)
        {
            case UtilityMetric.Height:
                return node.Sum();
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
                    // Per attribute: Σ over classes of |E|·share(value), a suppressed record counting 1; normalized
                    // between |D|/domain (nothing generalized) and |D| (everything hidden); then ARX's geometric mean.
                    var product = 1d;
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
                        product *= 1 + NonUniformEntropyEvaluator.Round(r);
                    }
                    return Math.Pow(product, 1d / qis.Count) - 1;
                }
            case UtilityMetric.Precision:
                {
                    var total = 0d;
                    for (var q = 0; q < qis.Count; q++)
                    {
                        var relative = qis[q].MaxLevel == 0 ? 0 : (double)node[q] / qis[q].MaxLevel;
                        var x = 0d;
                        for (var c = 0; c < snapshot.Count; c++)
                        {
                            x += snapshot.Sizes[c] * (suppressed[c] ? 1 : relative);
                        }
                        total += x / rowCount;
                    }
                    return total / qis.Count;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a class-based metric.");
        }
    }
}
