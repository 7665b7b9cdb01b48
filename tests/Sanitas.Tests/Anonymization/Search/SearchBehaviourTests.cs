using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Search;

/// <summary>Heuristic search, progress reports and cancellation.</summary>
public class SearchBehaviourTests
{
    private sealed class Recorder : IProgress<SearchProgress>
    {
        public List<SearchProgress> Reports { get; } = [];

        public void Report(SearchProgress value) => Reports.Add(value);
    }

    [Theory]
    [InlineData(UtilityMetric.NonUniformEntropy, 0.0)]
    [InlineData(UtilityMetric.NonUniformEntropy, 0.1)]
    [InlineData(UtilityMetric.Discernibility, 0.1)]
    [InlineData(UtilityMetric.Loss, 0.05)]
    public void Heuristic_result_satisfies_the_models_and_is_no_better_than_the_optimum(UtilityMetric metric, double suppression)
    {
        PrivacyModel[] models = [new KAnonymity(3), new DistinctLDiversity("S", 2)];
        for (var seed = 1; seed <= 5; seed++)
        {
            var (table, qis) = RandomTables.Create(seed, rows: 100, fourth: true);
            var brute = new EngineHarness(table, qis, models, suppression, metric).BruteForce();
            Assert.NotNull(brute);
            var engine = new EngineHarness(table, qis, models, suppression, metric);
            var found = engine.Search().RunHeuristic(TimeSpan.FromSeconds(10));
            Assert.NotNull(found);
            var (id, loss, _) = found.Value;
            Assert.Contains(id, brute.Value.Anonymous);
            Assert.True(loss >= brute.Value.Loss, $"seed {seed}: heuristic {loss} < optimum {brute.Value.Loss}");
            var fresh = new EngineHarness(table, qis, models, suppression, metric);
            var node = fresh.Lattice.Decode(id);
            var evaluation = fresh.Evaluate(node);
            Assert.True(evaluation.IsAnonymous);
            Assert.Equal(loss, fresh.Loss(node, evaluation));
        }
    }

    [Fact]
    public void Heuristic_mode_through_the_anonymizer()
    {
        var (table, qis) = RandomTables.Create(3, rows: 100);
        var config = Config(qis, SearchMode.Heuristic, new KAnonymity(4));
        var result = Anonymizer.Anonymize(table, config);
        Assert.False(result.IsOptimal);
        Assert.True(result.SmallestClass >= 4);
        var optimal = Anonymizer.Anonymize(table, config with { Search = SearchMode.Optimal });
        Assert.True(optimal.IsOptimal);
        Assert.True(result.InformationLoss >= optimal.InformationLoss);
    }

    [Theory]
    [InlineData(SearchMode.Optimal)]
    [InlineData(SearchMode.Heuristic)]
    public void Progress_reaches_the_whole_lattice(SearchMode mode)
    {
        var (table, qis) = RandomTables.Create(2, rows: 100);
        var recorder = new Recorder();
        var result = Anonymizer.Anonymize(table, Config(qis, mode, new KAnonymity(3)), recorder);
        Assert.NotEmpty(recorder.Reports);
        var last = recorder.Reports[^1];
        Assert.Equal(1, last.Fraction);
        Assert.Equal(result.LatticeSize, last.LatticeSize);
        Assert.Equal(last.LatticeSize, last.NodesClassified);
        Assert.All(recorder.Reports, r => Assert.InRange(r.Fraction, 0, 1));
        // Monotone progress.
        for (var i = 1; i < recorder.Reports.Count; i++)
        {
            Assert.True(recorder.Reports[i].NodesClassified >= recorder.Reports[i - 1].NodesClassified);
        }
    }

    [Theory]
    [InlineData(SearchMode.Optimal, 0.0)]
    [InlineData(SearchMode.Optimal, 0.1)]
    [InlineData(SearchMode.Heuristic, 0.0)]
    public void A_cancelled_token_throws(SearchMode mode, double suppression)
    {
        var (table, qis) = RandomTables.Create(4, rows: 100);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var config = Config(qis, mode, new EntropyLDiversity("S", 2)) with { SuppressionLimit = suppression };
        Assert.ThrowsAny<OperationCanceledException>(() => Anonymizer.Anonymize(table, config, null, cancellation.Token));
    }

    private static AnonymizationConfig Config(List<EngineQuasiIdentifier> qis, SearchMode mode, params PrivacyModel[] models)
    {
        var attributes = qis.ToDictionary(q => q.Name, q => new AttributeSettings(AttributeRole.QuasiIdentifying, q.Hierarchy));
        attributes["S"] = new AttributeSettings(AttributeRole.Sensitive);
        return new AnonymizationConfig { Attributes = attributes, Models = models, Search = mode, Metric = UtilityMetric.NonUniformEntropy };
    }
}
