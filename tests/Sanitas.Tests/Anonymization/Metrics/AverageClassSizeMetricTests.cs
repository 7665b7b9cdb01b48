using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Metrics;

/// <summary>ARX: AECS = |D| / (released classes + 1 if any record is suppressed); not divided by k.</summary>
public class AverageClassSizeMetricTests
{
    [Fact]
    public void Suppressed_records_form_one_extra_class()
    {
        // k = 3 at [1,1,2]: one released class (B) plus one for the 4 suppressed rows: 7 / 2 = 3.5.
        Assert.Equal(3.5, TestTableNodes.Loss(UtilityMetric.AverageClassSize, 3, TestTableNodes.Node112));
    }

    [Fact]
    public void Without_suppression_it_is_rows_per_class()
    {
        // k = 2 at [1,1,2]: three classes: 7 / 3.
        Assert.Equal(7d / 3, TestTableNodes.Loss(UtilityMetric.AverageClassSize, 2, TestTableNodes.Node112), 14);
        Assert.Equal(7, TestTableNodes.Loss(UtilityMetric.AverageClassSize, 1, [2, 1, 5]));
        Assert.Equal(1, TestTableNodes.Loss(UtilityMetric.AverageClassSize, 1, [0, 0, 0]));
    }

    [Fact]
    public void Everything_suppressed_is_one_class()
    {
        // All 7 singletons suppressed: 0 released + 1 = 1 class: 7 / 1.
        Assert.Equal(7, TestTableNodes.Loss(UtilityMetric.AverageClassSize, 2, [0, 0, 0], 1));
    }
}
