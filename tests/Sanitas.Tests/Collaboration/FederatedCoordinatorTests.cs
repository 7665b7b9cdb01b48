using Sanitas.Collaboration;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Tests.Collaboration;

public sealed class FederatedCoordinatorTests
{
    private static readonly string[] PimaFeatures = ["pregnant", "glucose", "pressure", "triceps", "insulin", "mass", "pedigree", "age"];
    private static readonly Lazy<ThresholdPaillierKeys> Keys = new(() => ThresholdPaillier.Deal(384, 3, 2, new SeededRandomForTests(21)));

    /// <summary>Pima split into three centres (rows i mod 3), standardized with fixed constants so that gradient methods converge.</summary>
    internal static List<SiteData> PimaSites()
    {
        var table = CsvReader.Read(Path.Combine(Sanitas.Tests.Support.TestData.RepositoryRoot, "samples", "public", "mlbench_PimaIndiansDiabetes.csv"));
        var pooled = SiteData.FromTable(table, "pima", PimaFeatures, "diabetes", "pos");
        var d = pooled.Width;
        var mean = new double[d];
        var sd = new double[d];
        for (var j = 1; j < d; j++)
        {
            var column = Enumerable.Range(0, pooled.Rows).Select(i => pooled.X[(i * d) + j]).ToArray();
            mean[j] = column.Average();
            sd[j] = Math.Sqrt(column.Select(v => (v - mean[j]) * (v - mean[j])).Average());
        }
        var x = (double[])pooled.X.Clone();
        for (var i = 0; i < pooled.Rows; i++)
        {
            for (var j = 1; j < d; j++)
            {
                x[(i * d) + j] = (x[(i * d) + j] - mean[j]) / sd[j];
            }
        }
        var standardized = new SiteData(x, pooled.Y, d);
        return [.. Enumerable.Range(0, 3).Select(s => FederationDemo.Concatenate([standardized], site => [.. Enumerable.Range(0, site.Rows).Where(i => i % 3 == s)]))];
    }

    internal sealed class Consortium : IDisposable
    {
        public Consortium(IReadOnlyList<SiteData> data, FederationProtocol protocol, int folds = 0, TimeSpan? timeout = null, Func<int, SiteNodeOptions, SiteNodeOptions>? adjust = null)
        {
            Coordinator = SiteIdentity.Create("coordinator");
            Identities = [.. data.Select((_, i) => SiteIdentity.Create($"site{i + 1}"))];
            Config = new ConsortiumConfig
            {
                CoordinatorPublicKeyPem = Coordinator.PublicKeyPem,
                Sites = [.. Identities.Select(i => new ConsortiumSite(i.Name, new Uri("http://127.0.0.1/"), i.PublicKeyPem))],
                Features = [.. Enumerable.Range(1, data[0].Width - 1).Select(j => $"x{j}")],
                Protocol = protocol,
                Folds = folds,
                Rounds = 300,
                LearningRate = 2,
                Timeout = timeout ?? TimeSpan.FromSeconds(30),
            };
            Nodes = [.. data.Select((d, i) =>
            {
                var options = new SiteNodeOptions { Identity = Identities[i], Consortium = Config, DataPath = "", PaillierShare = protocol == FederationProtocol.ThresholdHe ? Keys.Value.Shares[i] : null };
                return new SiteNode(adjust?.Invoke(i, options) ?? options, d, SecureRandom.Instance);
            })];
            Channels = [.. Nodes.Select(n => new InProcessSiteChannel(n, Config.Timeout))];
        }

        public SiteIdentity Coordinator { get; }

        public List<SiteIdentity> Identities { get; }

        public ConsortiumConfig Config { get; set; }

        public List<SiteNode> Nodes { get; }

        public List<InProcessSiteChannel> Channels { get; }

        public Task<FederationReport> RunAsync() => new FederatedCoordinator(Config, Coordinator, Channels, null).RunAsync(CancellationToken.None);

        public void Dispose()
        {
            Coordinator.Dispose();
            Identities.ForEach(i => i.Dispose());
            Nodes.ForEach(n => n.Dispose());
        }
    }

    private static double[] Reference(IReadOnlyList<SiteData> sites)
    {
        var pooled = FederationDemo.Concatenate(sites, s => [.. Enumerable.Range(0, s.Rows)]);
        return LogisticSolver.Fit(new DesignMatrix(pooled.X, pooled.Y, pooled.Rows, pooled.Width), 0, penalizeIntercept: false);
    }

    [Theory]
    [InlineData(FederationProtocol.SecAgg, 1e-6)]
    [InlineData(FederationProtocol.Smpc, 1e-3)] // trained on shares with an approximate sigmoid (SecureLogisticTraining)
    [InlineData(FederationProtocol.ThresholdHe, 1e-6)]
    [InlineData(FederationProtocol.FedAvg, 1e-3)]
    [InlineData(FederationProtocol.FedProx, 2e-2)]
    public async Task Pima_split_over_three_centres_matches_centralized_training(FederationProtocol protocol, double tolerance)
    {
        var sites = PimaSites();
        using var consortium = new Consortium(sites, protocol);
        var report = await consortium.RunAsync();
        var expected = Reference(sites);
        Assert.Equal(768, report.Rows);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(report.Coefficients[j] - expected[j]) < tolerance, $"{protocol}: b{j} = {report.Coefficients[j]}, centralized {expected[j]}");
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Secure_training_cross_validates_every_fold_on_shares_within_the_auc_tolerance()
    {
        var sites = PimaSites();
        using var consortium = new Consortium(sites, FederationProtocol.Smpc, folds: 3);
        var report = await consortium.RunAsync();
        var (pooled, pooledAuc) = FederationDemo.PooledReference(sites, 3, consortium.Config.Seed, CancellationToken.None);
        Assert.Equal(3, report.Auc.Count);
        for (var f = 0; f < 3; f++)
        {
            Assert.True(Math.Abs(report.Auc[f] - pooledAuc[f]) < 0.005, $"fold {f}: {report.Auc[f]} vs {pooledAuc[f]}");
        }
        Assert.True(report.Coefficients.Zip(pooled).Max(z => Math.Abs(z.First - z.Second)) < 1e-3);
        // The model stage, then the fold stage (one Newton step per fold from the final model), each round counted.
        var plan = new SecureTrainingPlan([.. sites.Select(s => s.Rows)], sites[0].Width, 3, consortium.Config.Seed);
        var rounds = SecureLogisticTraining.Rounds(plan) + SecureLogisticTraining.Rounds(plan with { Start = pooled, SchulzIterations = SecureTrainingPlan.FoldSchulzIterations });
        Assert.True(report.Rounds >= rounds, $"{report.Rounds} rounds, expected at least {rounds}");
    }

    [Fact]
    public async Task Cross_validated_auc_through_secure_aggregation_matches_the_pooled_folds()
    {
        var sites = PimaSites();
        using var consortium = new Consortium(sites, FederationProtocol.SecAgg, folds: 3);
        var report = await consortium.RunAsync();
        var (_, pooledAuc) = FederationDemo.PooledReference(sites, 3, consortium.Config.Seed, CancellationToken.None);
        Assert.Equal(3, report.Auc.Count);
        for (var f = 0; f < 3; f++)
        {
            Assert.True(Math.Abs(report.Auc[f] - pooledAuc[f]) < 0.005, $"fold {f}: {report.Auc[f]} vs {pooledAuc[f]}");
        }
        Assert.InRange(report.Auc.Average(), 0.78, 0.88); // Pima's logistic regression AUC is about 0.83
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_centre_that_vanishes_after_sharing_its_keys_is_recovered_from_the_shares()
    {
        var sites = PimaSites();
        using var consortium = new Consortium(sites, FederationProtocol.SecAgg, timeout: TimeSpan.FromSeconds(3));
        consortium.Config = consortium.Config with { Retries = 0 };
        consortium.Channels[2].Unanswered = payload => payload.Contains("\"step\":\"secagg-mask\"", StringComparison.Ordinal);
        var report = await consortium.RunAsync();
        Assert.Equal(["site3 (at secagg-mask)"], report.Dropouts);
        var expected = Reference(sites.Take(2).ToList());
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.Equal(expected[j], report.Coefficients[j], 6);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_late_centre_is_a_dropout_not_a_hang()
    {
        var sites = PimaSites();
        // The timeout is generous so that a loaded machine does not make the punctual centres late too.
        using var consortium = new Consortium(sites, FederationProtocol.ThresholdHe, timeout: TimeSpan.FromSeconds(3));
        consortium.Config = consortium.Config with { Retries = 0 };
        consortium.Channels[1].Delay = TimeSpan.FromSeconds(120);
        var started = DateTime.UtcNow;
        var report = await consortium.RunAsync();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(100));
        Assert.Single(report.Dropouts);
        Assert.StartsWith("site2", report.Dropouts[0], StringComparison.Ordinal);
        var expected = Reference([sites[0], sites[2]]);
        Assert.Equal(expected[1], report.Coefficients[1], 6);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Too_few_centres_left_stops_with_a_clear_error()
    {
        var sites = PimaSites();
        using var consortium = new Consortium(sites, FederationProtocol.SecAgg, timeout: TimeSpan.FromSeconds(2));
        consortium.Config = consortium.Config with { Retries = 0, Threshold = 3 };
        consortium.Channels[0].Delay = TimeSpan.FromSeconds(60);
        var error = await Assert.ThrowsAsync<CollaborationException>(consortium.RunAsync);
        Assert.Contains("at least 3 are needed", error.Message);
    }

    [Fact]
    public async Task A_request_not_signed_by_the_pinned_coordinator_is_rejected_and_named()
    {
        var sites = PimaSites();
        using var consortium = new Consortium(sites, FederationProtocol.SecAgg);
        using var mallory = SiteIdentity.Create("coordinator");
        var request = CollaborationJson.Serialize(new SiteRequest { Session = "s", Aggregation = "hello", Step = "hello" });
        var forged = await Assert.ThrowsAsync<CollaborationException>(() => consortium.Nodes[0].HandleAsync(mallory.Seal(request), CancellationToken.None));
        Assert.Contains("signature of 'coordinator' does not verify", forged.Message);
        var unsigned = new SignedEnvelope("coordinator", request, new byte[64]);
        await Assert.ThrowsAsync<CollaborationException>(() => consortium.Nodes[0].HandleAsync(unsigned, CancellationToken.None));
        using var site2 = consortium.Identities[1];
        var wrongSender = await Assert.ThrowsAsync<CollaborationException>(() => consortium.Nodes[0].HandleAsync(site2.Seal(request), CancellationToken.None));
        Assert.Contains("'coordinator' was expected", wrongSender.Message);
    }

    [Fact]
    public async Task A_tampered_answer_is_rejected_and_the_site_named()
    {
        var sites = PimaSites();
        using var consortium = new Consortium(sites, FederationProtocol.FedAvg);
        consortium.Channels[1].Tamper = e => e with { Payload = e.Payload.Replace("\"rows\":256", "\"rows\":9999", StringComparison.Ordinal) };
        var error = await Assert.ThrowsAsync<CollaborationException>(consortium.RunAsync);
        Assert.Contains("signature of 'site2' does not verify", error.Message);
    }

    [Fact]
    public async Task A_centre_decrypts_only_sums_over_several_centres()
    {
        var sites = PimaSites();
        using var consortium = new Consortium(sites, FederationProtocol.ThresholdHe);
        var task = new LocalTask("newton", new double[9], -1, 0, 1);
        async Task<SignedEnvelope> Ask(int site, SiteRequest r) => await consortium.Nodes[site].HandleAsync(consortium.Coordinator.Seal(CollaborationJson.Serialize(r)), CancellationToken.None);
        var encrypted = await Ask(1, new SiteRequest { Session = "s", Aggregation = "a1", Step = "he-encrypt", Task = task });
        var error = await Assert.ThrowsAsync<CollaborationException>(() => Ask(0, new SiteRequest { Session = "s", Aggregation = "a1", Step = "he-decrypt", Ciphertexts = [encrypted] }));
        Assert.Contains("at least 2 sites", error.Message);
        var twice = await Assert.ThrowsAsync<CollaborationException>(() => Ask(0, new SiteRequest { Session = "s", Aggregation = "a1", Step = "he-decrypt", Ciphertexts = [encrypted, encrypted] }));
        Assert.Contains("distinct sites", twice.Message);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Dp_fedavg_charges_each_site_before_reading_and_refuses_without_a_ledger()
    {
        var sites = PimaSites();
        var ledgerPath = Path.Combine(Path.GetTempPath(), $"sanitas-collab-{Guid.NewGuid():N}.sqlite");
        try
        {
            var ledger = BudgetLedger.Open(ledgerPath, createIfMissing: true);
            foreach (var name in new[] { "site1", "site2" })
            {
                await ledger.SetBudgetAsync("consortium", name, 50, 1e-4);
            }
            await ledger.SetBudgetAsync("consortium", "site3", 0.5, 1e-4); // too small
            using var consortium = new Consortium(sites, FederationProtocol.FedAvg,
                adjust: (i, o) => o with { Ledger = ledger, Analyst = "consortium" });
            consortium.Config = consortium.Config with { Rounds = 20, Dp = new DpFedAvgSettings(1.0, 1.0, 0.5, 1e-5, 1.0, 384) };
            // In process the site's refusal arrives as it is; over HTTP it is a 409 problem naming the site.
            await Assert.ThrowsAsync<PrivacyBudgetExceededException>(consortium.RunAsync);
            var expected = RenyiAccountant.Epsilon(0.5, 1.0, 20, 1e-5).Epsilon;
            Assert.Equal(expected, (await ledger.GetAsync("consortium", "site1"))!.EpsilonSpent, 9);
            Assert.Equal(0, (await ledger.GetAsync("consortium", "site3"))!.EpsilonSpent);

            using var noLedger = new Consortium(sites, FederationProtocol.FedAvg);
            noLedger.Config = noLedger.Config with { Rounds = 5, Dp = new DpFedAvgSettings(1.0, 1.0, 0.5, 1e-5, 1.0, 384) };
            var refused = await Assert.ThrowsAsync<CollaborationException>(noLedger.RunAsync);
            Assert.Contains("no budget ledger", refused.Message);

            using var own = new Consortium(sites, FederationProtocol.FedAvg, adjust: (_, o) => o with { NoLedger = true });
            own.Config = own.Config with { Rounds = 30, Dp = new DpFedAvgSettings(0.8, 1.0, 0.5, 1e-5, 2.0, 384) };
            var report = await own.RunAsync();
            Assert.Equal(RenyiAccountant.Epsilon(0.5, 0.8, 30, 1e-5).Epsilon, report.Epsilon!.Value, 9);
            Assert.All(report.Coefficients, c => Assert.True(double.IsFinite(c)));
            Assert.Null(report.Rows);
            Assert.True(report.Coefficients[2] > 0.3, "glucose should come out clearly positive even under noise");

            // Per-site DP-SGD: each site charges rounds × local steps before reading a row and adds its own noise.
            await ledger.SetBudgetAsync("consortium", "site3", 50, 1e-4);
            using var perSite = new Consortium(sites, FederationProtocol.FedAvg, adjust: (i, o) => o with { Ledger = ledger, Analyst = "consortium" });
            perSite.Config = perSite.Config with { Rounds = 15, LocalEpochs = 2, Dp = new DpFedAvgSettings(0.8, 1.0, 0.5, 1e-5, 2.0, 128) { PerSite = true } };
            var before = (await ledger.GetAsync("consortium", "site3"))!.EpsilonSpent;
            var local = await perSite.RunAsync();
            var charged = RenyiAccountant.Epsilon(0.5, 0.8, 30, 1e-5).Epsilon;
            Assert.Equal(charged, local.Epsilon!.Value, 9);
            Assert.Equal(before + charged, (await ledger.GetAsync("consortium", "site3"))!.EpsilonSpent, 9);
            Assert.Null(local.Rows);
            Assert.True(local.Coefficients[2] > 0.3, $"glucose under per-site noise: {local.Coefficients[2]}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(ledgerPath);
        }
    }
}
