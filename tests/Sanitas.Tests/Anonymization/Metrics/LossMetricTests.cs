using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Metrics;

/// <summary>
/// ARX's loss (MetricMDNMLoss, geometric mean): per attribute x = Σ over released classes |E|·share(value)
/// + Σ over suppressed classes |E| (a suppressed record loses everything), where share = the fraction of
/// the hierarchy's rows that generalize to the value; normalized r = max(0, (x − |D|/domain)/(|D| − |D|/domain)),
/// truncated to 10 decimals; result ((1 + r₁)(1 + r₂)…)^(1/n) − 1.
/// </summary>
public class LossMetricTests
{
    private static double R(double x, int domain)
    {
        var min = 7d / domain;
        return Math.Max(0, (x - min) / (7 - min));
    }

    private static double GeometricMean(params double[] r) => Math.Pow(r.Aggregate(1d, (p, v) => p * (1 + v)), 1d / r.Length) - 1;

    [Fact]
    public void Suppressed_records_count_in_full()
    {
        // k = 3 at [1,1,2]: released B has 3 rows with age ">=50" (51 of 100 hierarchy rows), gender "*" (2 of 2),
        // ZIP "819**" (100 of 10,000); the 4 suppressed rows count 1 each.
        // age:     x = 3·0.51 + 4 = 5.53,   r = (5.53 − 0.07)/(7 − 0.07) = 0.787878…
        // gender:  x = 3·1 + 4 = 7,         r = (7 − 3.5)/(7 − 3.5) = 1
        // zipcode: x = 3·0.01 + 4 = 4.03,   r = (4.03 − 0.0007)/(7 − 0.0007) = 0.575672…
        var expected = GeometricMean(R(5.53, 100), R(7, 2), R(4.03, 10_000));
        Assert.Equal(expected, TestTableNodes.Loss(UtilityMetric.Loss, 3, TestTableNodes.Node112), 9);
    }

    [Fact]
    public void Without_suppression()
    {
        // k = 2 at [1,1,2]: age 4 rows "<50" (49/100) + 3 rows ">=50" (51/100): x = 1.96 + 1.53 = 3.49;
        // gender 7·1 = 7 → r = 1; zipcode 7 rows at 1/100: x = 0.07 → r = 0.0693/6.9993.
        var expected = GeometricMean(R(3.49, 100), 1, R(0.07, 10_000));
        Assert.Equal(expected, TestTableNodes.Loss(UtilityMetric.Loss, 2, TestTableNodes.Node112), 9);
        // Nothing generalized: x = 7/domain = the minimum, r = 0 everywhere. Everything generalized: r = 1 everywhere.
        Assert.Equal(0, TestTableNodes.Loss(UtilityMetric.Loss, 1, [0, 0, 0]), 12);
        Assert.Equal(1, TestTableNodes.Loss(UtilityMetric.Loss, 1, [2, 1, 5]), 12);
    }

    [Fact]
    public void Everything_suppressed_is_total_loss()
    {
        Assert.Equal(1, TestTableNodes.Loss(UtilityMetric.Loss, 2, [0, 0, 0], 1), 12);
    }
}
