using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box audit of SafePub (Bild, Kuhn &amp; Prasser 2018): the release on D and on D without one
/// person, many times each, through the public algorithm (sampling, exponential-mechanism search,
/// suppression). The target sits in a cluster whose sampled size is near k, the worst case of the
/// sampling-and-suppression step: with the target the cluster is released a little more often.
/// The empirical ε lower bound (Clopper–Pearson, δ subtracted) must stay within the claimed ε.
/// Seeded sources make it reproducible.
/// </summary>
public sealed class SafePubAuditTests
{
    private static (Table D, Table Neighbour) Tables()
    {
        // Attribute a: the target's value "t" (cluster of 96 others + the target), "u" (150), "v" (150).
        // Attribute b: constant. Hierarchy a → group → *.
        var a = new List<string>();
        a.AddRange(Enumerable.Repeat("t", 96));
        a.AddRange(Enumerable.Repeat("u", 150));
        a.AddRange(Enumerable.Repeat("v", 150));
        var withTarget = a.Append("t").ToList();
        Table Make(List<string> values) => new([Column.FromValues("a", values), Column.FromValues("b", values.Select(_ => "x"))]);
        return (Make(withTarget), Make(a));
    }

    private static AnonymizationConfig Config() => new()
    {
        Attributes = new Dictionary<string, AttributeSettings>
        {
            ["a"] = new(AttributeRole.QuasiIdentifying, Hierarchy.FromRows([["t", "tu", "*"], ["u", "tu", "*"], ["v", "v", "*"]])),
            ["b"] = new(AttributeRole.QuasiIdentifying, Hierarchy.FromRows([["x", "*"]])),
        },
        Models = [],
        DifferentialPrivacy = new DifferentialPrivacySettings(1, 1e-5, Steps: 5),
    };

    /// <summary>How many released records carry the target's exact value "t".</summary>
    private static double TargetValueCount(Table output) =>
        Enumerable.Range(0, output.RowCount).Count(r => output["a"][r] == "t");

    [Fact]
    [Trait("Category", "Slow")]
    public void SafePub_leaks_no_more_than_its_claimed_epsilon_on_a_neighbouring_table()
    {
        const int Trials = 1500;
        var (d, neighbour) = Tables();
        var config = Config();
        var onD = new List<double>();
        var onNeighbour = new List<double>();
        var chosenD = new List<double>();
        var chosenNeighbour = new List<double>();
        for (var t = 0; t < Trials; t++)
        {
            var r1 = SafePub.Anonymize(d, config, new SeededRandomForTests((ulong)(2 * t)));
            var r0 = SafePub.Anonymize(neighbour, config, new SeededRandomForTests((ulong)(2 * t) + 1));
            onD.Add(TargetValueCount(r1.Output));
            onNeighbour.Add(TargetValueCount(r0.Output));
            chosenD.Add(r1.Transformation[0].Value);
            chosenNeighbour.Add(r0.Transformation[0].Value);
        }
        var claimed = config.DifferentialPrivacy!.Epsilon;
        var delta = config.DifferentialPrivacy.Delta;
        foreach (var threshold in new double[] { 1, 58, 60 })
        {
            var bound = EmpiricalPrivacy.EpsilonLowerBound(onD, onNeighbour, threshold, delta);
            Assert.True(bound <= claimed, $"released-count event ≥ {threshold}: empirical ε ≥ {bound:F3} exceeds {claimed}");
        }
        foreach (var level in new double[] { 1, 2 })
        {
            var bound = EmpiricalPrivacy.EpsilonLowerBound(chosenD, chosenNeighbour, level, delta);
            Assert.True(bound <= claimed, $"chosen level ≥ {level}: empirical ε ≥ {bound:F3} exceeds {claimed}");
        }
        // The event is live: the target's cluster is released in some trials and not in others.
        Assert.InRange(onD.Count(v => v > 0), 1, Trials - 1);
    }
}
