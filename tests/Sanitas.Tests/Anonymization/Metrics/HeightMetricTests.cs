using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Metrics;

/// <summary>ARX's height metric: the sum of the generalization levels, independent of data and suppression.</summary>
public class HeightMetricTests
{
    [Fact]
    public void Height_is_the_sum_of_levels()
    {
        // 1 + 1 + 2 = 4, whether 4 rows are suppressed (k = 3) or none (k = 2).
        Assert.Equal(4, TestTableNodes.Loss(UtilityMetric.Height, 3, TestTableNodes.Node112));
        Assert.Equal(4, TestTableNodes.Loss(UtilityMetric.Height, 2, TestTableNodes.Node112));
        Assert.Equal(8, TestTableNodes.Loss(UtilityMetric.Height, 1, [2, 1, 5]));
        Assert.Equal(0, TestTableNodes.Loss(UtilityMetric.Height, 1, [0, 0, 0]));
    }

    [Fact]
    public void Height_is_monotonic_independent_and_its_own_bound()
    {
        var height = new ClassMetricEvaluator(UtilityMetric.Height, [], 7);
        Assert.True(height.IsMonotonic(withSuppression: true));
        Assert.True(height.IsIndependent);
        Assert.Equal(4, height.LowerBound([1, 1, 2]));
    }
}
