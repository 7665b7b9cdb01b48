using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Search;

/// <summary>
/// The optimal search against brute force: every lattice node is checked in full with the same
/// evaluator and the least loss among anonymous nodes is the optimum. Transformations may tie, so
/// losses are compared; the search's node must itself be anonymous and have that loss.
/// </summary>
public class OptimalSearchTests
{
    public static TheoryData<string> Cases => new(CaseNames);

    private static readonly string[] CaseNames =
    [
        "k3-nosupp-entropy", "k3-nosupp-dmstar", "k3-supp-entropy", "k3-supp-dmstar", "k5-supp-precision-nosupp",
        "distinct2-supp-entropy", "distinct3-nosupp-dmstar",
        "entropyl2-supp-entropy", "entropyl2-grassberger-supp-dmstar", "recursive-supp-entropy",
        "equalt-supp-dmstar", "orderedt-supp-entropy", "hierarchicalt-supp-entropy",
        "k3-supp-dm", "k3-supp-loss", "k3-supp-entropy-nm", "k3-supp-aecs", "k3-supp-precision", "entropyl2-supp-dm", "k2-supp-height",
    ];

    private static (PrivacyModel[] Models, double Suppression, UtilityMetric Metric) Case(string name)
    {
        var flat = Hierarchy.FromRows(Enumerable.Range(0, 5).Select(i => new[] { $"s{i}", i < 2 ? "common" : "rare", "*" }));
        return name switch
        {
            "k3-nosupp-entropy" => ([new KAnonymity(3)], 0, UtilityMetric.NonUniformEntropy),
            "k3-nosupp-dmstar" => ([new KAnonymity(3)], 0, UtilityMetric.DiscernibilityMonotonic),
            "k3-supp-entropy" => ([new KAnonymity(3)], 0.1, UtilityMetric.NonUniformEntropy),
            "k3-supp-dmstar" => ([new KAnonymity(3)], 0.1, UtilityMetric.DiscernibilityMonotonic),
            "k5-supp-precision-nosupp" => ([new KAnonymity(5)], 0, UtilityMetric.Precision),
            "distinct2-supp-entropy" => ([new DistinctLDiversity("S", 2)], 0.05, UtilityMetric.NonUniformEntropy),
            "distinct3-nosupp-dmstar" => ([new DistinctLDiversity("S", 3)], 0, UtilityMetric.DiscernibilityMonotonic),
            "entropyl2-supp-entropy" => ([new EntropyLDiversity("S", 2)], 0.1, UtilityMetric.NonUniformEntropy),
            "entropyl2-grassberger-supp-dmstar" => ([new EntropyLDiversity("S", 2, EntropyEstimator.Grassberger)], 0.1, UtilityMetric.DiscernibilityMonotonic),
            "recursive-supp-entropy" => ([new RecursiveCLDiversity("S", 3, 2)], 0.1, UtilityMetric.NonUniformEntropy),
            "equalt-supp-dmstar" => ([new KAnonymity(2), new EqualDistanceTCloseness("S", 0.3)], 0.1, UtilityMetric.DiscernibilityMonotonic),
            "orderedt-supp-entropy" => ([new OrderedDistanceTCloseness("S", 0.2)], 0.1, UtilityMetric.NonUniformEntropy),
            "hierarchicalt-supp-entropy" => ([new KAnonymity(2), new HierarchicalDistanceTCloseness("S", 0.25, flat)], 0.1, UtilityMetric.NonUniformEntropy),
            "k3-supp-dm" => ([new KAnonymity(3)], 0.1, UtilityMetric.Discernibility),
            "k3-supp-loss" => ([new KAnonymity(3)], 0.1, UtilityMetric.Loss),
            "k3-supp-entropy-nm" => ([new KAnonymity(3)], 0.1, UtilityMetric.NonUniformEntropyNonMonotonic),
            "k3-supp-aecs" => ([new KAnonymity(3)], 0.1, UtilityMetric.AverageClassSize),
            "k3-supp-precision" => ([new KAnonymity(3)], 0.1, UtilityMetric.Precision),
            "entropyl2-supp-dm" => ([new EntropyLDiversity("S", 2)], 0.1, UtilityMetric.Discernibility),
            "k2-supp-height" => ([new KAnonymity(2)], 0.05, UtilityMetric.Height),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Search_finds_the_brute_force_optimum(string name)
    {
        var (models, suppression, metric) = Case(name);
        var solved = 0;
        for (var seed = 1; seed <= 6; seed++)
        {
            var (table, qis) = RandomTables.Create(seed, rows: 60 + 20 * seed, fourth: seed % 2 == 0);
            var brute = new EngineHarness(table, qis, models, suppression, metric).BruteForce();
            var engine = new EngineHarness(table, qis, models, suppression, metric);
            var found = engine.Search().Run();
            if (brute is null)
            {
                Assert.Null(found);
                continue;
            }
            solved++;
            Assert.True(found is not null, $"{name}, seed {seed}: the search found nothing; brute force found {brute.Value.Loss}.");
            var (id, loss, _) = found.Value;
            Assert.True(brute.Value.Anonymous.Contains(id), $"{name}, seed {seed}: the search's node {string.Join(",", engine.Lattice.Decode(id))} is not anonymous.");
            Assert.True(brute.Value.Loss == loss,
                $"{name}, seed {seed}: search loss {loss} at [{string.Join(",", engine.Lattice.Decode(id))}], " +
                $"optimum {brute.Value.Loss} at {string.Join(" ", brute.Value.Optima.Select(n => "[" + string.Join(",", n) + "]"))}.");
            // The loss the search reports is the node's loss when checked afresh.
            var fresh = new EngineHarness(table, qis, models, suppression, metric);
            var node = fresh.Lattice.Decode(id);
            Assert.Equal(loss, fresh.Loss(node, fresh.Evaluate(node)));
        }
        Assert.True(solved > 0, $"{name}: no seed has a solution, so nothing was compared.");
    }

    [Fact]
    public void Some_cases_have_no_solution_and_some_suppress()
    {
        // Guard against vacuous comparisons: l = 6 distinct values cannot be met with 5 values.
        var (table, qis) = RandomTables.Create(1);
        Assert.Null(new EngineHarness(table, qis, [new DistinctLDiversity("S", 6)], 0.1, UtilityMetric.NonUniformEntropy).BruteForce());
        Assert.Null(new EngineHarness(table, qis, [new DistinctLDiversity("S", 6)], 0.1, UtilityMetric.NonUniformEntropy).Search().Run());
        // With suppression the optimum of k = 3 does suppress some records in these tables.
        var engine = new EngineHarness(table, qis, [new KAnonymity(3)], 0.1, UtilityMetric.NonUniformEntropyNonMonotonic);
        var (_, _, evaluation) = engine.Search().Run()!.Value;
        var full = engine.Prepared.Evaluator.Check(evaluation.NodeId, evaluation.Snapshot, full: true);
        Assert.InRange(full.SuppressedRecords, 1, engine.Prepared.MaxOutliers);
    }
}
