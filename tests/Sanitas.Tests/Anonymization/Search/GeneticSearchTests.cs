using System.Diagnostics;
using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Search;

/// <summary>The genetic search (Iyengar 2002, as ARX 3.9's) against brute force and against Flash's optimum and Lightning on Adult.</summary>
public sealed class GeneticSearchTests
{
    [Theory]
    [InlineData(UtilityMetric.NonUniformEntropy, 0.0)]
    [InlineData(UtilityMetric.Discernibility, 0.1)]
    [InlineData(UtilityMetric.Loss, 0.05)]
    public void Returns_a_satisfying_transformation_never_better_than_the_optimum(UtilityMetric metric, double suppression)
    {
        PrivacyModel[] models = [new KAnonymity(3), new DistinctLDiversity("S", 2)];
        var optimumFound = 0;
        for (var seed = 1; seed <= 5; seed++)
        {
            var (table, qis) = RandomTables.Create(seed, rows: 100, fourth: true);
            var brute = new EngineHarness(table, qis, models, suppression, metric).BruteForce();
            var engine = new EngineHarness(table, qis, models, suppression, metric);
            var search = new GeneticSearch(engine.Lattice, engine.Prepared.Evaluator, engine.Prepared.Metric, null, default);
            var found = search.Run(TimeSpan.FromMinutes(10));
            Assert.NotNull(found);
            Assert.Contains(found.Value.NodeId, brute!.Value.Anonymous);
            Assert.True(found.Value.Loss >= brute.Value.Loss - 1e-9);
            optimumFound += Math.Abs(found.Value.Loss - brute.Value.Loss) <= 1e-9 * Math.Max(1, brute.Value.Loss) ? 1 : 0;
            Assert.True(search.Generations is > 0 and <= GeneticSearch.DefaultGenerations);
        }
        // On lattices this small, 100 generations of 50 find the optimum in most tables.
        Assert.True(optimumFound >= 3, $"optimum found in {optimumFound} of 5 tables");
    }

    [Fact]
    public void Repeats_exactly_and_respects_the_check_budget()
    {
        var (table, qis) = RandomTables.Create(4, rows: 100, fourth: true);
        (long, double, int) RunOnce(int checks)
        {
            var engine = new EngineHarness(table, qis, [new KAnonymity(3)], 0.02, UtilityMetric.Loss);
            var search = new GeneticSearch(engine.Lattice, engine.Prepared.Evaluator, engine.Prepared.Metric, null, default);
            var found = search.Run(TimeSpan.FromMinutes(10), checkLimit: checks);
            Assert.NotNull(found);
            return (found.Value.NodeId, found.Value.Loss, search.NodesChecked);
        }
        Assert.Equal(RunOnce(int.MaxValue), RunOnce(int.MaxValue));
        // A budget of 5 checks: the first five of the initial population (bottom, top, three random), then the top as the last resort at most.
        Assert.InRange(RunOnce(5).Item3, 5, 6);
    }

    [Fact]
    public void Cancellation_stops_the_search()
    {
        var (table, qis) = RandomTables.Create(2, rows: 100, fourth: true);
        var engine = new EngineHarness(table, qis, [new KAnonymity(3)], 0, UtilityMetric.Loss);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var search = new GeneticSearch(engine.Lattice, engine.Prepared.Evaluator, engine.Prepared.Metric, null, cancel.Token);
        Assert.ThrowsAny<OperationCanceledException>(() => search.Run(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void The_configuration_selects_it_and_the_result_says_so()
    {
        var (table, qis) = RandomTables.Create(3, rows: 100);
        var config = new AnonymizationConfig
        {
            Attributes = qis.ToDictionary(q => q.Name, q => new AttributeSettings(AttributeRole.QuasiIdentifying, q.Hierarchy)),
            Models = [new KAnonymity(4)],
            SuppressionLimit = 0.05,
            Metric = UtilityMetric.Loss,
            Search = SearchMode.Genetic,
        };
        var result = Anonymizer.Anonymize(table, config);
        Assert.Equal(SearchMode.Genetic, result.SearchUsed);
        Assert.False(result.IsOptimal);
        Assert.True(result.SmallestClass >= 4);
        Assert.True(result.InformationLoss >= Anonymizer.Anonymize(table, config with { Search = SearchMode.Optimal }).InformationLoss - 1e-9);
    }

    /// <summary>The loss gap and time of the genetic search against Flash's optimum on Adult, at several check budgets (docs/anonymization.md quotes the output).</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Adult_gap_to_the_optimum()
    {
        var config = AnonymizerArxTests.AdultConfig(false, [new KAnonymity(5)], 0.04, UtilityMetric.NonUniformEntropy);
        const double Optimum = 255559.85455731067;
        var lines = new List<string>();
        var watch = Stopwatch.StartNew();
        foreach (var checks in new[] { 200, 1000, int.MaxValue })
        {
            watch.Restart();
            var result = Anonymizer.Anonymize(AnonymizerArxTests.Adult, config with { Search = SearchMode.Genetic, HeuristicCheckLimit = checks, HeuristicTimeLimit = TimeSpan.FromMinutes(5) });
            var gap = (result.InformationLoss - Optimum) / Optimum;
            lines.Add($"genetic, {(checks == int.MaxValue ? "100 generations" : checks + " checks")}: loss {result.InformationLoss:F2} (gap {gap:P2}), {result.NodesChecked} checks, {watch.Elapsed.TotalSeconds:F2} s, transformation {string.Join(",", result.Transformation.Select(t => t.Value))}");
            Assert.True(result.InformationLoss >= Optimum - 1e-6);
            Assert.True(result.SmallestClass >= 5);
        }
        File.WriteAllLines(Path.Combine(Path.GetTempPath(), "sanitas-genetic-adult.txt"), lines);
    }
}
