using System.Diagnostics;
using Sanitas.Learning;
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
            };
            config.Validate();
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
                return new FederationDemoResult(reports, pooled, pooledAuc, directory, dealSeconds);
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
