using Sanitas.Anonymization;
using static Sanitas.Tests.Anonymization.Metrics.TestTableNodes;

namespace Sanitas.Tests.Anonymization.Metrics;

/// <summary>
/// ARX's non-uniform entropy: per attribute −Σ_v f(v)·log₂(f(v)/F(g(v))) over all input rows (suppressed ones
/// included), f counting the original value, F the rows sharing its generalization. The non-monotonic variant
/// adds, per attribute, −Σ_g s_g·log₂(s_g/S) over the S suppressed rows, s_g of which have generalized value g.
/// Each attribute is truncated to 10 decimals, then summed.
/// </summary>
public class NonUniformEntropyMetricTests
{
    // Node [1,1,2], generalization part:
    // age:     34 ×2, 45 ×2 → "<50" (4); 66 ×1, 70 ×2 → ">=50" (3):
    //          −[2 log₂(2/4) + 2 log₂(2/4) + log₂(1/3) + 2 log₂(2/3)] = 4 + log₂3 + 2(log₂3 − 1) = 2 + 3 log₂3 = 6.7548875
    // gender:  male 4, female 3 → "*" (7): 4 log₂(7/4) + 3 log₂(7/3) = 7 log₂7 − 8 − 3 log₂3 = 6.8965969
    // zipcode: 81667, 81675 → "816**" (2); 81925 ×1, 81931 ×4 → "819**" (5):
    //          1 + 1 + log₂5 + 4(log₂5 − 2) = 5 log₂5 − 6 = 5.6096405
    private static readonly double Age112 = 2 + 3 * Log2(3);
    private static readonly double Gender1 = 7 * Log2(7) - 8 - 3 * Log2(3);
    private static readonly double Zip2 = 5 * Log2(5) - 6;

    [Fact]
    public void Monotonic_variant_ignores_suppression()
    {
        var expected = Age112 + Gender1 + Zip2;
        Assert.Equal(expected, Loss(UtilityMetric.NonUniformEntropy, 3, Node112), 8);
        Assert.Equal(expected, Loss(UtilityMetric.NonUniformEntropy, 2, Node112), 8);
        Assert.Equal(0, Loss(UtilityMetric.NonUniformEntropy, 1, [0, 0, 0]));
    }

    [Fact]
    public void Non_monotonic_variant_adds_the_entropy_of_suppressed_rows()
    {
        // k = 3: A and C suppressed (S = 4). Their generalized values: age "<50" ×4 → 0; gender "*" ×4 → 0;
        // zipcode "816**" ×2, "819**" ×2 → −[2 log₂½ + 2 log₂½] = 4.
        Assert.Equal(Age112 + Gender1 + Zip2 + 4, Loss(UtilityMetric.NonUniformEntropyNonMonotonic, 3, Node112), 8);
        // Without suppression both variants agree.
        Assert.Equal(Age112 + Gender1 + Zip2, Loss(UtilityMetric.NonUniformEntropyNonMonotonic, 2, Node112), 8);
    }

    [Fact]
    public void Non_monotonic_variant_on_a_node_with_singleton_classes()
    {
        // Node [1,0,2] (gender kept), k = 2: classes (<50,m,816**) r1, (<50,f,816**) r2, (>=50,m,819**) r3+r6,
        // (>=50,f,819**) r4, (<50,f,819**) r5, (<50,m,819**) r7: 5 singletons suppressed (limit floor(0.72·7) = 5).
        // Suppressed rows r1, r2, r4, r5, r7:
        //   age "<50" ×4, ">=50" ×1:           4 log₂(5/4) + log₂5 = 5 log₂5 − 8
        //   gender m ×2 (r1, r7), f ×3:        2 log₂(5/2) + 3 log₂(5/3) = 5 log₂5 − 2 − 3 log₂3
        //   zipcode "816**" ×2, "819**" ×3:    the same, 5 log₂5 − 2 − 3 log₂3
        // Gender at level 0 has no generalization loss.
        var suppression = (5 * Log2(5) - 8) + 2 * (5 * Log2(5) - 2 - 3 * Log2(3));
        Assert.Equal(Age112 + Zip2, Loss(UtilityMetric.NonUniformEntropy, 2, [1, 0, 2], 0.72), 8);
        Assert.Equal(Age112 + Zip2 + suppression, Loss(UtilityMetric.NonUniformEntropyNonMonotonic, 2, [1, 0, 2], 0.72), 8);
    }

    [Fact]
    public void Each_attribute_is_truncated_to_ten_decimals()
    {
        // ARX floors each attribute's loss at 1e-10 before summing.
        var expected = Truncate(Age112) + Truncate(Gender1) + Truncate(Zip2);
        Assert.Equal(expected, Loss(UtilityMetric.NonUniformEntropy, 2, Node112), 12);
        Assert.Equal(0.1234567891, NonUniformEntropyEvaluator.Round(0.12345678919), 15);
    }

    [Fact]
    public void Monotonicity_flags()
    {
        var (engine, _) = Evaluate(2, Node112);
        var monotonic = new NonUniformEntropyEvaluator(engine.Prepared.Encodings, monotonic: true);
        var nonMonotonic = new NonUniformEntropyEvaluator(engine.Prepared.Encodings, monotonic: false);
        Assert.True(monotonic.IsMonotonic(withSuppression: true));
        Assert.True(monotonic.IsIndependent);
        Assert.False(nonMonotonic.IsMonotonic(withSuppression: true));
        Assert.True(nonMonotonic.IsMonotonic(withSuppression: false));
        // The lower bound of both is the generalization part.
        Assert.Equal(Truncate(Age112) + Truncate(Gender1) + Truncate(Zip2), nonMonotonic.LowerBound(Node112)!.Value, 12);
    }

    private static double Truncate(double v) => Math.Floor(v * 1e10) / 1e10;
}
