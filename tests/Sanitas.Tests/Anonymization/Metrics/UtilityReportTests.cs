using Sanitas.Anonymization;
using static Sanitas.Tests.Anonymization.Metrics.TestTableNodes;

namespace Sanitas.Tests.Anonymization.Metrics;

/// <summary><see cref="AnonymizationResult.Utility"/> of full runs on test.csv, checked against hand-computed values.</summary>
public class UtilityReportTests
{
    private static AnonymizationConfig Config(int k, double suppression, UtilityMetric metric) => new()
    {
        Attributes = SmallData.TestQuasiIdentifiers.ToDictionary(q => q.Name, q => new AttributeSettings(AttributeRole.QuasiIdentifying, q.Hierarchy)),
        Models = [new KAnonymity(k)],
        SuppressionLimit = suppression,
        Metric = metric,
        Search = SearchMode.Optimal,
    };

    [Fact]
    public void Seven_anonymity_puts_everyone_in_one_class()
    {
        // One class needs age "*" (level 2), gender "*" (1) and a common ZIP prefix: 81667 and 81925 first
        // share "81***" (level 3). [2,1,3] is the unique most precise node. (Under non-uniform entropy
        // zipcode levels 3, 4 and 5 tie, as all three put the 7 rows in one group.)
        var result = Anonymizer.Anonymize(SmallData.Test, Config(7, 0, UtilityMetric.Precision));
        Assert.Equal([2, 1, 3], result.Levels);
        Assert.Equal(0, result.SuppressedRecords);
        Assert.Equal(1, result.EquivalenceClasses);
        var u = result.Utility;
        Assert.Equal(8, u.Count);
        Assert.Equal(49, u["discernibility"]);
        Assert.Equal(49, u["discernibility-monotonic"]);
        Assert.Equal(7, u["aecs"]);
        Assert.Equal(6, u["height"]);
        // (1 + 1 + 3/5)/3.
        Assert.Equal(2.6 / 3, u["precision"], 12);
        // age and gender r = 1; zipcode "81***" covers 1,000 of 10,000: x = 0.7, r = (0.7 − 0.0007)/6.9993.
        Assert.Equal(Math.Cbrt(2 * 2 * (1 + (0.7 - 0.0007) / 6.9993)) - 1, u["loss"], 9);
        // Entropy: age all 7 at "*": 2·log₂(7/2)·3 + log₂7 = 7 log₂7 − 6; gender 7 log₂7 − 8 − 3 log₂3;
        // zipcode all 7 at "81***": 3 log₂7 + 4 log₂(7/4) = 7 log₂7 − 8.
        var entropy = (7 * Log2(7) - 6) + (7 * Log2(7) - 8 - 3 * Log2(3)) + (7 * Log2(7) - 8);
        Assert.Equal(entropy, u["non-uniform-entropy"], 8);
        Assert.Equal(entropy, u["non-uniform-entropy-non-monotonic"], 8);
        Assert.Equal(u["precision"], result.InformationLoss);
    }

    [Fact]
    public void With_suppression_every_metric_sees_the_same_suppressed_classes()
    {
        // 3-anonymity with up to 4 records suppressed, minimizing DM*.
        var result = Anonymizer.Anonymize(SmallData.Test, Config(3, 0.6, UtilityMetric.DiscernibilityMonotonic));
        var node = result.Levels.ToArray();
        var (engine, evaluation) = Evaluate(3, node);
        Assert.Equal(evaluation.SuppressedRecords, result.SuppressedRecords);
        foreach (var metric in Enum.GetValues<UtilityMetric>())
        {
            Assert.Equal(engine.Loss(metric, node, evaluation), result.Utility[Anonymizer.MetricName(metric)]);
        }
        Assert.Equal(result.InformationLoss, result.Utility["discernibility-monotonic"]);
        // DM − DM* = Σ over suppressed classes (7·|E| − |E|²) ≥ 0.
        Assert.True(result.Utility["discernibility"] >= result.Utility["discernibility-monotonic"]);
    }
}
