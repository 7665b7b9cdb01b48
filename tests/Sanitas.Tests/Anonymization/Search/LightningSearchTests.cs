using System.Diagnostics;
using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Search;

/// <summary>Lightning's best-first search (Prasser et al. 2016) against brute force and Flash's optimum.</summary>
public sealed class LightningSearchTests
{
    [Theory]
    [InlineData(UtilityMetric.NonUniformEntropy, 0.0)]
    [InlineData(UtilityMetric.NonUniformEntropy, 0.1)]
    [InlineData(UtilityMetric.Discernibility, 0.1)]
    [InlineData(UtilityMetric.Loss, 0.05)]
    public void Unlimited_lightning_finds_the_brute_force_optimum(UtilityMetric metric, double suppression)
    {
        PrivacyModel[] models = [new KAnonymity(3), new DistinctLDiversity("S", 2)];
        for (var seed = 1; seed <= 5; seed++)
        {
            var (table, qis) = RandomTables.Create(seed, rows: 100, fourth: true);
            var brute = new EngineHarness(table, qis, models, suppression, metric).BruteForce();
            var engine = new EngineHarness(table, qis, models, suppression, metric);
            var search = new LightningSearch(engine.Lattice, engine.Prepared.Evaluator, engine.Prepared.Metric, null, default);
            var found = search.Run(TimeSpan.FromMinutes(10));
            Assert.NotNull(found);
            Assert.True(search.Exhausted);
            Assert.Contains(found.Value.NodeId, brute!.Value.Anonymous);
            Assert.Equal(brute.Value.Loss, found.Value.Loss, 9);
        }
    }

    [Fact]
    public void A_check_budget_still_returns_a_satisfying_transformation()
    {
        PrivacyModel[] models = [new KAnonymity(3)];
        var (table, qis) = RandomTables.Create(7, rows: 100, fourth: true);
        var brute = new EngineHarness(table, qis, models, 0.02, UtilityMetric.Loss).BruteForce();
        var engine = new EngineHarness(table, qis, models, 0.02, UtilityMetric.Loss);
        var search = new LightningSearch(engine.Lattice, engine.Prepared.Evaluator, engine.Prepared.Metric, null, default);
        var found = search.Run(TimeSpan.FromMinutes(10), checkLimit: 3);
        Assert.NotNull(found);
        Assert.False(search.Exhausted);
        Assert.Contains(found.Value.NodeId, brute!.Value.Anonymous);
        Assert.True(found.Value.Loss >= brute.Value.Loss);
    }

    [Fact]
    public void Cancellation_stops_the_search()
    {
        var (table, qis) = RandomTables.Create(2, rows: 100, fourth: true);
        var engine = new EngineHarness(table, qis, [new KAnonymity(3)], 0, UtilityMetric.Loss);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var search = new LightningSearch(engine.Lattice, engine.Prepared.Evaluator, engine.Prepared.Metric, null, cancel.Token);
        Assert.ThrowsAny<OperationCanceledException>(() => search.Run(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Auto_uses_lightning_above_the_lattice_limit_and_reports_whether_it_finished()
    {
        var (table, qis) = RandomTables.Create(3, rows: 100);
        var config = SearchBehaviourTestsConfig(table, qis) with { Search = SearchMode.Auto, OptimalSearchLimit = 2 };
        var result = Anonymizer.Anonymize(table, config);
        var optimal = Anonymizer.Anonymize(table, config with { Search = SearchMode.Optimal });
        Assert.Equal(SearchMode.Lightning, result.SearchUsed);
        Assert.Equal(SearchMode.Optimal, optimal.SearchUsed);
        Assert.Equal(SearchMode.Optimal, Anonymizer.Anonymize(table, config with { OptimalSearchLimit = 2_000_000 }).SearchUsed);
        Assert.Equal(optimal.InformationLoss, result.InformationLoss, 9);
        Assert.True(result.IsOptimal);
        var limited = Anonymizer.Anonymize(table, config with { HeuristicCheckLimit = 2 });
        Assert.False(limited.IsOptimal);
        Assert.True(limited.SmallestClass >= 4);
    }

    private static AnonymizationConfig SearchBehaviourTestsConfig(Sanitas.Data.Table table, IReadOnlyList<EngineQuasiIdentifier> qis) => new()
    {
        Attributes = qis.ToDictionary(q => q.Name, q => new AttributeSettings(AttributeRole.QuasiIdentifying, q.Hierarchy)),
        Models = [new KAnonymity(4)],
        SuppressionLimit = 0.05,
        Metric = UtilityMetric.Loss,
    };

    /// <summary>The loss gap and time of Lightning against Flash's optimum on Adult, at several check budgets (docs/anonymization.md quotes the output).</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Adult_gap_to_the_optimum()
    {
        var config = AnonymizerArxTests.AdultConfig(false, [new KAnonymity(5)], 0.04, UtilityMetric.NonUniformEntropy);
        var watch = Stopwatch.StartNew();
        var optimal = Anonymizer.Anonymize(AnonymizerArxTests.Adult, config);
        var optimalTime = watch.Elapsed;
        Assert.Equal(255559.85455731067, optimal.InformationLoss, 6);
        var lines = new List<string> { $"optimal (Flash): loss {optimal.InformationLoss:F2}, {optimal.NodesChecked} checks, {optimalTime.TotalSeconds:F2} s" };
        foreach (var checks in new[] { 10, 50, 200, 1000, int.MaxValue })
        {
            watch.Restart();
            var result = Anonymizer.Anonymize(AnonymizerArxTests.Adult, config with { Search = SearchMode.Lightning, HeuristicCheckLimit = checks, HeuristicTimeLimit = TimeSpan.FromMinutes(5) });
            var gap = (result.InformationLoss - optimal.InformationLoss) / optimal.InformationLoss;
            lines.Add($"lightning, {(checks == int.MaxValue ? "unlimited" : checks.ToString())} checks: loss {result.InformationLoss:F2} (gap {gap:P2}), {result.NodesChecked} checks, {watch.Elapsed.TotalSeconds:F2} s, optimal {result.IsOptimal}");
            Assert.True(result.InformationLoss >= optimal.InformationLoss - 1e-6);
            if (checks == int.MaxValue)
            {
                Assert.Equal(optimal.InformationLoss, result.InformationLoss, 6);
            }
        }
        File.WriteAllLines(Path.Combine(Path.GetTempPath(), "sanitas-lightning-adult.txt"), lines);
    }

    /// <summary>The sample configuration that makes the automatic switch visible on Adult (docs/anonymization.md runs it).</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Adult_sample_above_the_lattice_limit_runs_lightning_and_says_so()
    {
        using var folder = new TempFolder();
        var (code, output, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-k5-lightning.yaml"), "--output", folder.File("out.csv"));
        Assert.True(code == 0, error);
        Assert.Contains("Search:              lightning (", output, StringComparison.Ordinal);
        var report = AnonymizationReport.FromJson(File.ReadAllText(folder.File("out.report.json")));
        Assert.Equal("lightning", report.Search);
        Assert.Equal(12_960, report.LatticeSize);
        Assert.True(report.SmallestClass >= 5);
        Assert.True(report.InformationLoss.Value >= 255559.85455731067 - 1e-6);
        if (report.Optimal)
        {
            Assert.Equal(255559.85455731067, report.InformationLoss.Value, 6);
        }
    }
}
