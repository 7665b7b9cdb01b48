using Sanitas.Collaboration;
using Sanitas.Learning;
using Sanitas.Learning.Neural;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Tests.Collaboration;

public sealed class FederatedMlpTests
{
    /// <summary>Three centres of a nonlinear problem: y = 1 when x1·x2 &gt; 0 (XOR of the signs), 5% of labels flipped; x3 is noise.</summary>
    private static List<SiteData> XorSites(int rows = 400)
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, 3).Select(_ =>
        {
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
    public void Mlp_settings_are_checked_before_any_site_is_contacted()
    {
        var config = new ConsortiumConfig
        {
            CoordinatorPublicKeyPem = "x",
            Sites = [new ConsortiumSite("a", new Uri("http://127.0.0.1/"), "x"), new ConsortiumSite("b", new Uri("http://127.0.0.1/"), "x")],
            Features = ["x1"],
            Protocol = FederationProtocol.SecAgg,
            Model = "mlp",
        };
        config.Validate();
        Assert.Contains("'hidden'", Assert.Throws<CollaborationException>((config with { Hidden = [0] }).Validate).Message);
        // DP goes with fedavg/fedprox: a secure protocol's sum is exact, its noise would have to come from somewhere else.
        var dp = new DpFedAvgSettings(1.0, 1.0, 0.1, 1e-5, 1.0, 100);
        Assert.Contains("'dp' applies to protocol fedavg", Assert.Throws<CollaborationException>((config with { Dp = dp, Folds = 0 }).Validate).Message);
        (config with { Protocol = FederationProtocol.FedAvg, Dp = dp, Folds = 0 }).Validate();
        (config with { Protocol = FederationProtocol.FedProx, Dp = dp with { PerSite = true }, Folds = 0 }).Validate();
    }

    /// <summary>The plain FedAvg MLP and the same run through a secure sum (same seeds, same rounds) on XOR across three sites.</summary>
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(FederationProtocol.SecAgg, 1e-6)]
    [InlineData(FederationProtocol.Smpc, 1e-6)]
    [InlineData(FederationProtocol.ThresholdHe, 1e-4)] // 18 fraction bits instead of 24
    public async Task Secure_aggregation_of_mlp_updates_equals_the_plain_fedavg_mlp(FederationProtocol protocol, double tolerance)
    {
        var sites = XorSites();
        async Task<FederationReport> Run(FederationProtocol p)
        {
            using var consortium = new FederatedCoordinatorTests.Consortium(sites, p, folds: 2);
            consortium.Config = consortium.Config with { Model = "mlp", Hidden = [8], Rounds = 12, LocalEpochs = 2, LearningRate = 0.1 };
            return await consortium.RunAsync();
        }
        var plain = await Run(FederationProtocol.FedAvg);
        var secure = await Run(protocol);
        Assert.Equal(plain.Coefficients.Count, secure.Coefficients.Count);
        var gap = plain.Coefficients.Zip(secure.Coefficients).Max(z => Math.Abs(z.First - z.Second));
        Assert.True(gap < tolerance, $"{protocol}: largest parameter difference {gap:E2}");
        for (var f = 0; f < 2; f++)
        {
            Assert.True(Math.Abs(plain.Auc[f] - secure.Auc[f]) < 1e-3, $"fold {f}: {secure.Auc[f]} vs {plain.Auc[f]}");
        }
        Assert.True(secure.Auc.Average() > 0.8, $"{protocol} MLP AUC {secure.Auc.Average():F3}");
        Assert.Equal(plain.Rows, secure.Rows);
    }

    [Fact]
    public async Task Secure_aggregation_never_shows_the_coordinator_one_centres_mlp_update()
    {
        var sites = XorSites();
        using var consortium = new FederatedCoordinatorTests.Consortium(sites, FederationProtocol.SecAgg);
        consortium.Config = consortium.Config with { Model = "mlp", Hidden = [8], Rounds = 1, LocalEpochs = 1, LearningRate = 0.1 };
        var seen = new List<SiteResponse>();
        consortium.Channels[0].Tamper = answer =>
        {
            lock (seen)
            {
                seen.Add(CollaborationJson.Deserialize<SiteResponse>(answer.Payload, "wire"));
            }
            return answer;
        };
        var report = await consortium.RunAsync();
        // What site1 would have sent in the clear: its update n·θ and n, from the seeded initial network.
        var initial = LocalMlp.Create(3, [8], consortium.Config.Seed).Parameters.ToArray();
        var update = LocalMlp.FedAvgUpdate(sites[0], initial, [.. Enumerable.Range(0, sites[0].Rows)], [8], 1, 0.1, 0, consortium.Config.Seed);
        var encoded = new FixedPointEncoding(24).Encode(update);
        var masked = Assert.Single(seen, s => s.Step == "secagg-mask").Ring!;
        Assert.Equal(encoded.Length, masked.Length);
        Assert.All(Enumerable.Range(0, encoded.Length), i => Assert.NotEqual(encoded[i], masked[i]));
        Assert.All(seen, s => Assert.Null(s.Values));
        // The sum is what the coordinator learns: the average model (and the total row count).
        using var plain = new FederatedCoordinatorTests.Consortium(sites, FederationProtocol.FedAvg);
        plain.Config = plain.Config with { Model = "mlp", Hidden = [8], Rounds = 1, LocalEpochs = 1, LearningRate = 0.1 };
        var expected = await plain.RunAsync();
        Assert.True(report.Coefficients.Zip(expected.Coefficients).Max(z => Math.Abs(z.First - z.Second)) < 1e-6);
    }

    [Fact]
    public async Task A_dp_site_refuses_unnoised_mlp_requests_and_steps_beyond_its_charge()
    {
        var sites = XorSites(100);
        using var consortium = new FederatedCoordinatorTests.Consortium(sites, FederationProtocol.FedAvg, adjust: (i, o) => o with { NoLedger = true, RequireDp = i == 1 });
        int[] hidden = [8];
        var theta = LocalMlp.Create(3, hidden, 1).Parameters.ToArray();
        Task<SignedEnvelope> Ask(int site, SiteRequest r) => consortium.Nodes[site].HandleAsync(consortium.Coordinator.Seal(CollaborationJson.Serialize(r)), CancellationToken.None);
        SiteRequest Compute(string aggregation, LocalTask task) => new() { Session = "s", Aggregation = aggregation, Step = "compute", Task = task };
        var noisy = new LocalTask("dp-sgd", theta, -1, 0, 1, Epochs: 2, LearningRate: 1, ClippingNorm: 1, SamplingRate: 0.2, BatchSize: 20, Hidden: hidden);

        var uncharged = await Assert.ThrowsAsync<CollaborationException>(() => Ask(0, Compute("a1", noisy)));
        Assert.Contains("not charged", uncharged.Message);
        await Ask(0, new SiteRequest { Session = "s", Aggregation = "plan", Step = "dp-plan", Dp = new DpPlan(0.2, 1.0, 1.0, 3, 1e-5, PerSite: true) });
        // Un-noised in a per-site session: central DP's clipped sum (the noise would be the coordinator's), and the plain update.
        var clipped = await Assert.ThrowsAsync<CollaborationException>(() => Ask(0, Compute("a2", noisy with { Kind = "dp-gradient" })));
        Assert.Contains("not charged", clipped.Message);
        var plain = await Assert.ThrowsAsync<CollaborationException>(() => Ask(0, Compute("a3", noisy with { Kind = "fedavg" })));
        Assert.Contains("answers only differentially private tasks", plain.Message);
        // Two of the three charged steps, then two more are refused.
        var answer = CollaborationJson.Deserialize<SiteResponse>((await Ask(0, Compute("a4", noisy))).Payload, "answer");
        Assert.Equal(theta.Length + 1, answer.Values!.Length);
        Assert.Equal(1.0, answer.Values[^1]);
        var beyond = await Assert.ThrowsAsync<CollaborationException>(() => Ask(0, Compute("a5", noisy)));
        Assert.Contains("allows no more steps", beyond.Message);
        // A site started with requireDp refuses the plain MLP update in any session.
        var strict = await Assert.ThrowsAsync<CollaborationException>(() => Ask(1, new SiteRequest { Session = "t", Aggregation = "a1", Step = "compute", Task = noisy with { Kind = "fedavg" } }));
        Assert.Contains("answers only differentially private tasks", strict.Message);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dp_mlp_charges_each_site_before_reading_and_still_learns_xor(bool perSite)
    {
        var sites = XorSites(1000);
        var ledgerPath = Path.Combine(Path.GetTempPath(), $"sanitas-fedmlp-{Guid.NewGuid():N}.sqlite");
        try
        {
            var ledger = BudgetLedger.Open(ledgerPath, createIfMissing: true);
            await ledger.SetBudgetAsync("consortium", "site1", 20, 1e-4);
            await ledger.SetBudgetAsync("consortium", "site2", 20, 1e-4);
            await ledger.SetBudgetAsync("consortium", "site3", 0.5, 1e-4); // too small
            using var consortium = new FederatedCoordinatorTests.Consortium(sites, FederationProtocol.FedAvg, adjust: (_, o) => o with { Ledger = ledger, Analyst = "consortium" });
            var dp = perSite
                ? new DpFedAvgSettings(NoiseMultiplier: 1.0, ClippingNorm: 1.0, SamplingRate: 0.1, Delta: 1e-5, LearningRate: 0.5, ExpectedBatchSize: 100) { PerSite = true }
                : new DpFedAvgSettings(NoiseMultiplier: 1.0, ClippingNorm: 1.0, SamplingRate: 0.1, Delta: 1e-5, LearningRate: 0.5, ExpectedBatchSize: 300);
            consortium.Config = consortium.Config with { Model = "mlp", Hidden = [16], Rounds = perSite ? 40 : 120, LocalEpochs = perSite ? 3 : 1, Dp = dp };
            var computed = 0;
            foreach (var channel in consortium.Channels)
            {
                channel.Tamper = answer =>
                {
                    if (answer.Payload.Contains("\"step\":\"compute\"", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref computed);
                    }
                    return answer;
                };
            }
            await Assert.ThrowsAsync<PrivacyBudgetExceededException>(consortium.RunAsync);
            Assert.Equal(0, computed); // refused at the charge: no site read a row
            Assert.Equal(0, (await ledger.GetAsync("consortium", "site3"))!.EpsilonSpent);

            await ledger.SetBudgetAsync("consortium", "site3", 20, 1e-4);
            var before = (await ledger.GetAsync("consortium", "site3"))!.EpsilonSpent;
            var report = await consortium.RunAsync();
            var charged = RenyiAccountant.Epsilon(0.1, 1.0, 120, 1e-5).Epsilon;
            Assert.Equal(charged, report.Epsilon!.Value, 9);
            Assert.Equal(before + charged, (await ledger.GetAsync("consortium", "site3"))!.EpsilonSpent, 9);
            Assert.Null(report.Rows);
            Assert.Empty(report.Auc);

            // The released network, scored by the test on every row (the consortium itself releases no AUC under DP).
            var pooled = FederationDemo.Concatenate(sites, s => [.. Enumerable.Range(0, s.Rows)]);
            var network = LocalMlp.Create(3, [16], 1);
            report.Coefficients.ToArray().CopyTo(network.Parameters);
            var auc = ModelMetrics.Auc(pooled.Y, [.. Enumerable.Range(0, pooled.Rows).Select(i => network.Predict(pooled.Row(i)[1..])[0])]);
            Assert.True(auc > 0.8, $"{(perSite ? "per-site DP-SGD" : "central DP-FedAvg")} MLP at ε = {charged:F2}: AUC {auc:F3}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(ledgerPath);
        }
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
