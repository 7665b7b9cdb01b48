using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Metrics;

/// <summary>
/// ARX: DM = Σ over released classes |E|² + Σ over suppressed classes |D|·|E|;
/// DM* = Σ over all classes |E|² (suppressed classes count as their own class).
/// </summary>
public class DiscernibilityMetricTests
{
    [Fact]
    public void Dm_charges_every_suppressed_record_the_table_size()
    {
        // Node [1,1,2], k = 3: B (3) released, A (2) and C (2) suppressed: 3² + 7·2 + 7·2 = 37.
        Assert.Equal(37, TestTableNodes.Loss(UtilityMetric.Discernibility, 3, TestTableNodes.Node112));
    }

    [Fact]
    public void Dm_star_ignores_suppression()
    {
        // 2² + 3² + 2² = 17, with or without suppression.
        Assert.Equal(17, TestTableNodes.Loss(UtilityMetric.DiscernibilityMonotonic, 3, TestTableNodes.Node112));
        Assert.Equal(17, TestTableNodes.Loss(UtilityMetric.DiscernibilityMonotonic, 2, TestTableNodes.Node112));
    }

    [Fact]
    public void Without_suppression_both_agree()
    {
        Assert.Equal(17, TestTableNodes.Loss(UtilityMetric.Discernibility, 2, TestTableNodes.Node112));
        // The top node holds all 7 rows in one class: 7² = 49; the bottom node 7 singletons: 7.
        Assert.Equal(49, TestTableNodes.Loss(UtilityMetric.Discernibility, 1, [2, 1, 5]));
        Assert.Equal(7, TestTableNodes.Loss(UtilityMetric.Discernibility, 1, [0, 0, 0]));
    }

    [Fact]
    public void Bottom_node_with_everything_suppressed()
    {
        // Node [0,0,0], k = 2: all 7 rows are distinct, so all are suppressed (limit 7 of 7):
        // DM = 7 classes · 7·1 = 49, DM* = 7·1² = 7.
        Assert.Equal(49, TestTableNodes.Loss(UtilityMetric.Discernibility, 2, [0, 0, 0], 1));
        Assert.Equal(7, TestTableNodes.Loss(UtilityMetric.DiscernibilityMonotonic, 2, [0, 0, 0], 1));
    }

    [Fact]
    public void Monotonicity_flags()
    {
        var dm = new ClassMetricEvaluator(UtilityMetric.Discernibility, [], 7);
        var dmStar = new ClassMetricEvaluator(UtilityMetric.DiscernibilityMonotonic, [], 7);
        Assert.True(dm.IsMonotonic(withSuppression: false));
        Assert.False(dm.IsMonotonic(withSuppression: true));
        Assert.True(dmStar.IsMonotonic(withSuppression: true));
    }
}
