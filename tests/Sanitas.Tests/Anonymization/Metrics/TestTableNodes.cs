using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Metrics;

/// <summary>
/// test.csv (7 rows; age, gender, zipcode) under fixed transformations, as worked examples for the metrics.
/// <code>
/// row  age gender zipcode   | node [1,1,2]: age group, gender *, first three ZIP digits
///  1   34  male   81667     | &lt;50  * 816**   class A (rows 1, 2)
///  2   45  female 81675     | &lt;50  * 816**
///  3   66  male   81925     | >=50 * 819**   class B (rows 3, 4, 6)
///  4   70  female 81931     | >=50 * 819**
///  5   34  female 81931     | &lt;50  * 819**   class C (rows 5, 7)
///  6   70  male   81931     | >=50 * 819**
///  7   45  male   81931     | &lt;50  * 819**
/// </code>
/// With 3-anonymity, A and C (4 rows) are suppressed and B (3 rows) is released; with 2-anonymity all
/// three are released. Hierarchies: age 3 levels over 100 values (1..49 → &lt;50, 50..100 → >=50);
/// gender 2 levels over 2 values; zipcode 6 levels over 10,000 values (80000..89999, 100 per 3-digit prefix).
/// </summary>
internal static class TestTableNodes
{
    public static readonly int[] Node112 = [1, 1, 2];

    /// <summary>Node [1,1,2] with k-anonymity and 4 of 7 records allowed to be suppressed (floor(0.6·7) = 4).</summary>
    public static (EngineHarness Engine, NodeEvaluation Evaluation) Evaluate(int k, int[] node, double suppression = 0.6)
    {
        var engine = new EngineHarness(SmallData.Test, SmallData.TestQuasiIdentifiers, [new KAnonymity(k)], suppression, UtilityMetric.Height);
        var evaluation = engine.Evaluate(node);
        Assert.True(evaluation.IsAnonymous);
        return (engine, evaluation);
    }

    public static double Loss(UtilityMetric metric, int k, int[] node, double suppression = 0.6)
    {
        var (engine, evaluation) = Evaluate(k, node, suppression);
        return engine.Loss(metric, node, evaluation);
    }

    public static double Log2(double x) => Math.Log(x) / Math.Log(2);
}
