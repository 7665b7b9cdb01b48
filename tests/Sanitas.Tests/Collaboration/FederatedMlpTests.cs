using Sanitas.Collaboration;
using Sanitas.Learning;
using Sanitas.Learning.Neural;

namespace Sanitas.Tests.Collaboration;

public sealed class FederatedMlpTests
{
    /// <summary>Three centres of a nonlinear problem: y = 1 when x1·x2 &gt; 0 (XOR of the signs), 5% of labels flipped; x3 is noise.</summary>
    private static List<SiteData> XorSites()
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, 3).Select(_ =>
        {
            const int rows = 400;
            var x = new double[rows * 4];
            var y = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                var (a, b, c) = ((4 * random.NextDouble()) - 2, (4 * random.NextDouble()) - 2, (4 * random.NextDouble()) - 2);
                (x[i * 4], x[(i * 4) + 1], x[(i * 4) + 2], x[(i * 4) + 3]) = (1, a, b, c);
                y[i] = (a * b > 0) ^ (random.NextDouble() < 0.05) ? 1 : 0;
            }
            return new SiteData(x, y, 4);
        })];
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(FederationProtocol.FedAvg)]
    [InlineData(FederationProtocol.FedProx)]
    public async Task Federated_mlp_cross_validates_near_the_pooled_mlp_where_logistic_regression_cannot(FederationProtocol protocol)
    {
        var sites = XorSites();
        using var consortium = new FederatedCoordinatorTests.Consortium(sites, protocol, folds: 3);
        consortium.Config = consortium.Config with { Model = "mlp", Hidden = [16], Rounds = 40, LocalEpochs = 2, LearningRate = 0.1, Mu = 0.01 };
        var report = await consortium.RunAsync();
        Assert.Equal(LocalMlp.ParameterCount(3, [16]), report.Coefficients.Count);

        // The pooled MLP: the same network and seed trained on the pooled training rows of each fold, scored exactly.
        var pooledAuc = new List<double>();
        for (var fold = 0; fold < 3; fold++)
        {
            var f = fold;
            var train = FederationDemo.Concatenate(sites, s => s.Select(f, 3, consortium.Config.Seed, test: false));
            var test = FederationDemo.Concatenate(sites, s => s.Select(f, 3, consortium.Config.Seed, test: true));
            var network = LocalMlp.Create(3, [16], consortium.Config.Seed);
            NeuralTrainer.Train(network, Dataset(train), new NeuralTrainingOptions(Epochs: 80, BatchSize: 32, LearningRate: 0.1, Optimizer: OptimizerKind.Sgd));
            var scores = Enumerable.Range(0, test.Rows).Select(i => network.Predict(test.Row(i)[1..])[0]).ToArray();
            pooledAuc.Add(ModelMetrics.Auc(test.Y, scores));
        }
        var federated = report.Auc.Average();
        Assert.True(pooledAuc.Average() > 0.9, $"pooled MLP AUC {pooledAuc.Average():F3}");
        Assert.True(Math.Abs(federated - pooledAuc.Average()) < 0.03, $"{protocol} MLP AUC {federated:F3} vs pooled {pooledAuc.Average():F3}");

        // Logistic regression on the same folds cannot separate XOR.
        using var logistic = new FederatedCoordinatorTests.Consortium(sites, protocol, folds: 3);
        logistic.Config = logistic.Config with { Rounds = 40 };
        var linear = await logistic.RunAsync();
        Assert.True(linear.Auc.Average() < 0.65, $"logistic AUC {linear.Auc.Average():F3}");
    }

    [Fact]
    public void An_mlp_is_refused_for_the_secure_protocols_and_with_dp()
    {
        var config = new ConsortiumConfig
        {
            CoordinatorPublicKeyPem = "x",
            Sites = [new ConsortiumSite("a", new Uri("http://127.0.0.1/"), "x"), new ConsortiumSite("b", new Uri("http://127.0.0.1/"), "x")],
            Features = ["x1"],
            Protocol = FederationProtocol.SecAgg,
            Model = "mlp",
        };
        Assert.Contains("fedavg or fedprox", Assert.Throws<CollaborationException>(config.Validate).Message);
        Assert.Contains("'hidden'", Assert.Throws<CollaborationException>((config with { Protocol = FederationProtocol.FedAvg, Hidden = [0] }).Validate).Message);
    }

    private static NeuralDataset Dataset(SiteData data)
    {
        var p = data.Width - 1;
        var features = new double[data.Rows * p];
        for (var i = 0; i < data.Rows; i++)
        {
            data.Row(i)[1..].CopyTo(features.AsSpan(i * p, p));
        }
        return new NeuralDataset(features, p, data.Y);
    }
}
