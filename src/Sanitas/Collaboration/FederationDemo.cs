using System.Diagnostics;
using Sanitas.Learning;
using Sanitas.Learning.Neural;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// <c>sanitas federate --demo</c>: starts one node per site file on loopback (each a Kestrel server with
/// its own identity), deals a threshold Paillier key when needed, runs each protocol over HTTP and puts
/// the pooled plaintext fit beside it. Everything a real deployment does, in one process.
/// </summary>
public static class FederationDemo
{
    /// <summary>Runs the demo.</summary>
    /// <param name="options">Data, protocols and settings.</param>
    /// <param name="progress">Progress in [0, 1].</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The reports and the pooled reference.</returns>
    public static async Task<FederationDemoResult> RunAsync(FederationDemoOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = options.DataDirectory;
        if (directory is null)
        {
            directory = Path.Combine(Path.GetTempPath(), "sanitas-federate-demo-" + options.Seed + "-" + options.Rows);
            if (!File.Exists(Path.Combine(directory, "pooled.csv")))
            {
                await MulticentreSample.WriteAsync(new MulticentreSampleOptions { Rows = options.Rows, Seed = options.Seed }, directory, cancellationToken).ConfigureAwait(false);
            }
        }
        var siteFiles = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "site*.csv").Order(StringComparer.Ordinal).ToList()
            : throw new DirectoryNotFoundException($"No folder '{directory}'.");
        if (siteFiles.Count < 2)
        {
            throw new CollaborationException($"{directory}: the demo needs at least two site files (site1.csv, site2.csv, …).");
        }
        var header = File.ReadLines(siteFiles[0]).FirstOrDefault() ?? "";
        var features = header.Split(',').Where(c => c != "y").ToList();
        var names = siteFiles.Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
        var data = siteFiles.Select(f => SiteData.Load(f, features, "y", "1")).ToList();

        using var coordinator = SiteIdentity.Create("coordinator");
        var identities = names.Select(SiteIdentity.Create).ToList();
        try
        {
            var config = new ConsortiumConfig
            {
                CoordinatorPublicKeyPem = coordinator.PublicKeyPem,
                Sites = [.. identities.Select(i => new ConsortiumSite(i.Name, new Uri("http://127.0.0.1/"), i.PublicKeyPem))],
                Features = features,
                Protocol = options.Protocols.Count > 0 ? options.Protocols[0] : FederationProtocol.SecAgg,
                Folds = options.Folds,
                Seed = options.Seed,
                Threshold = options.Threshold,
                KeyBits = options.KeyBits,
                Rounds = options.Rounds,
                Iterations = options.Iterations,
                Model = options.Model,
                Hidden = options.Hidden,
                LocalEpochs = options.LocalEpochs,
                LearningRate = options.LearningRate,
                Dp = options.Dp,
            };
            foreach (var protocol in options.Protocols)
            {
                // Every protocol's settings are checked before a key is dealt or a site started (e.g. 'dp' with a secure protocol).
                (config with { Protocol = protocol }).Validate();
            }
            var dealWatch = Stopwatch.StartNew();
            var keys = options.Protocols.Contains(FederationProtocol.ThresholdHe)
                ? ThresholdPaillier.Deal(options.KeyBits, names.Count, options.Threshold, SecureRandom.Instance, cancellationToken)
                : null;
            var dealSeconds = keys is null ? 0 : dealWatch.Elapsed.TotalSeconds;
            var hosts = new List<SiteNodeHost>();
            try
            {
                for (var i = 0; i < names.Count; i++)
                {
                    var siteOptions = new SiteNodeOptions
                    {
                        Identity = identities[i],
                        Consortium = config,
                        DataPath = siteFiles[i],
                        PaillierShare = keys?.Shares[i],
                        // The demo's own files: its nodes answer DP tasks without a ledger (a real node charges one).
                        NoLedger = options.Dp is not null,
                    };
                    hosts.Add(await SiteNodeHost.StartAsync(siteOptions, data[i], "http://127.0.0.1:0", SecureRandom.Instance, cancellationToken).ConfigureAwait(false));
                }
                config = config with { Sites = [.. identities.Select((id, i) => new ConsortiumSite(id.Name, hosts[i].Address, id.PublicKeyPem))] };
                var reports = new List<FederationReport>();
                for (var p = 0; p < options.Protocols.Count; p++)
                {
                    var offset = (double)p / options.Protocols.Count;
                    var inner = progress is null ? null : new Progress<double>(f => progress.Report(offset + (f / options.Protocols.Count)));
                    reports.Add(await Federation.RunAsync(config with { Protocol = options.Protocols[p] }, coordinator, inner, cancellationToken).ConfigureAwait(false));
                }
                var (pooled, pooledAuc) = PooledReference(data, options.Folds, options.Seed, cancellationToken);
                var all = Concatenate(data, s => s.Select(-1, 0, options.Seed, test: false));
                double[] pooledFinal = pooled;
                if (config.Model == "mlp")
                {
                    pooledAuc = [.. Enumerable.Range(0, options.Folds).Select(f => PooledMlpAuc(data, config, f, cancellationToken))];
                    pooledFinal = PooledMlp(all, config, cancellationToken);
                }
                return new FederationDemoResult(reports, pooled, pooledAuc, directory, dealSeconds)
                {
                    FinalAuc = [.. reports.Select(r => InSampleAuc(all, config, [.. r.Coefficients]))],
                    PooledFinalAuc = InSampleAuc(all, config, pooledFinal),
                };
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var identity in identities)
            {
                identity.Dispose();
            }
        }
    }

    /// <summary>The pooled plaintext fit of all rows, and the pooled fit's exact AUC on each fold (same fold assignment as the sites).</summary>
    internal static (double[] Coefficients, double[] Auc) PooledReference(IReadOnlyList<SiteData> sites, int folds, int seed, CancellationToken ct)
    {
        var all = Concatenate(sites, s => s.Select(-1, folds, seed, test: false));
        var auc = new List<double>();
        for (var fold = 0; fold < folds; fold++)
        {
            var f = fold;
            var w = LocalLogistic.FitPooled(Concatenate(sites, s => s.Select(f, folds, seed, test: false)), ct);
            var test = Concatenate(sites, s => s.Select(f, folds, seed, test: true));
            var scores = Enumerable.Range(0, test.Rows).Select(i => LocalLogistic.Sigmoid(System.Numerics.Tensors.TensorPrimitives.Dot(test.Row(i), w))).ToArray();
            auc.Add(ModelMetrics.Auc(test.Y, scores));
        }
        return (LocalLogistic.FitPooled(all, ct), [.. auc]);
    }

    /// <summary>
    /// The pooled plaintext MLP: the consortium's network (same seed) trained on <paramref name="rows"/> by mini-batch SGD
    /// (batch 32) for rounds × local epochs (at most 200) at the FedAvg learning rate — what FedAvg approximates.
    /// </summary>
    internal static double[] PooledMlp(SiteData rows, ConsortiumConfig config, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var network = LocalMlp.Create(rows.Width - 1, config.Hidden, config.Seed);
        var p = rows.Width - 1;
        var features = new double[rows.Rows * p];
        for (var i = 0; i < rows.Rows; i++)
        {
            rows.Row(i)[1..].CopyTo(features.AsSpan(i * p, p));
        }
        var epochs = (int)Math.Clamp((long)config.Rounds * config.LocalEpochs, 1, 200);
        var learningRate = config.Dp is null ? config.LearningRate : 0.1;
        NeuralTrainer.Train(network, new NeuralDataset(features, p, rows.Y),
            new NeuralTrainingOptions(Epochs: epochs, BatchSize: LocalMlp.BatchSize, LearningRate: learningRate, Optimizer: OptimizerKind.Sgd, Seed: config.Seed));
        return [.. network.Parameters];
    }

    private static double PooledMlpAuc(IReadOnlyList<SiteData> sites, ConsortiumConfig config, int fold, CancellationToken ct)
    {
        var parameters = PooledMlp(Concatenate(sites, s => s.Select(fold, config.Folds, config.Seed, test: false)), config, ct);
        return InSampleAuc(Concatenate(sites, s => s.Select(fold, config.Folds, config.Seed, test: true)), config, parameters);
    }

    /// <summary>The AUC of a model (logistic coefficients or the MLP's parameters) on <paramref name="rows"/>.</summary>
    private static double InSampleAuc(SiteData rows, ConsortiumConfig config, double[] model)
    {
        double[] scores;
        if (config.Model == "mlp" && model.Length != rows.Width)
        {
            var network = LocalMlp.Create(rows.Width - 1, config.Hidden, config.Seed);
            model.CopyTo(network.Parameters);
            var workspace = network.CreateWorkspace();
            var output = new double[1];
            scores = [.. Enumerable.Range(0, rows.Rows).Select(i =>
            {
                network.Predict(rows.Row(i)[1..], output, workspace);
                return output[0];
            })];
        }
        else
        {
            scores = [.. Enumerable.Range(0, rows.Rows).Select(i => LocalLogistic.Sigmoid(System.Numerics.Tensors.TensorPrimitives.Dot(rows.Row(i), model)))];
        }
        return ModelMetrics.Auc(rows.Y, scores);
    }

    internal static SiteData Concatenate(IReadOnlyList<SiteData> sites, Func<SiteData, int[]> rows)
    {
        var width = sites[0].Width;
        var x = new List<double>();
        var y = new List<double>();
        foreach (var site in sites)
        {
            foreach (var i in rows(site))
            {
                x.AddRange(site.Row(i).ToArray());
                y.Add(site.Y[i]);
            }
        }
        return new SiteData([.. x], [.. y], width);
    }
}
