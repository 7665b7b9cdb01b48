using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Metrics;

/// <summary>
/// ARX (MetricMDNMPrecision, arithmetic mean over attributes): per attribute
/// (released rows · level/height + suppressed rows) / |D|, height = the hierarchy's levels − 1.
/// </summary>
public class PrecisionMetricTests
{
    [Fact]
    public void Suppressed_records_count_as_fully_generalized()
    {
        // k = 3 at [1,1,2]: 3 released rows, 4 suppressed. Heights: age 2, gender 1, zipcode 5.
        // age (3·½ + 4)/7 = 5.5/7; gender (3·1 + 4)/7 = 1; zipcode (3·⅖ + 4)/7 = 5.2/7.
        // Mean: (5.5/7 + 7/7 + 5.2/7)/3 = 17.7/21 = 0.842857…
        Assert.Equal(17.7 / 21, TestTableNodes.Loss(UtilityMetric.Precision, 3, TestTableNodes.Node112), 12);
    }

    [Fact]
    public void Without_suppression_it_is_the_mean_relative_level()
    {
        // (½ + 1 + ⅖)/3 = 1.9/3.
        Assert.Equal(1.9 / 3, TestTableNodes.Loss(UtilityMetric.Precision, 2, TestTableNodes.Node112), 12);
        Assert.Equal(1, TestTableNodes.Loss(UtilityMetric.Precision, 1, [2, 1, 5]), 12);
        Assert.Equal(0, TestTableNodes.Loss(UtilityMetric.Precision, 1, [0, 0, 0]), 12);
    }

    [Fact]
    public void Everything_suppressed_costs_one()
    {
        Assert.Equal(1, TestTableNodes.Loss(UtilityMetric.Precision, 2, [0, 0, 0], 1), 12);
    }
}
