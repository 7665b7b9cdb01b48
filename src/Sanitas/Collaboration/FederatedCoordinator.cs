using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using Sanitas.Learning.DpSgd;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// The coordinator: it drives the fits of a K-fold cross-validation and a final fit on all rows, each
/// step an aggregation over the centres through the configured protocol, signs every request, verifies
/// every answer against the pinned keys, and treats a centre that does not answer in time as a dropout.
/// </summary>
/// <remarks>
/// What the coordinator learns, per model and protocol: for logistic regression under secagg/threshold-he, each Newton
/// iteration's pooled gradient and Hessian sums; under smpc, only the models. For the multilayer perceptron (FedAvg rounds,
/// McMahan et al., AISTATS 2017): under fedavg/fedprox every centre's local network every round (in the clear); under
/// secagg, smpc (n-of-n additive shares) and threshold-he only each round's sums Σn_k·θ_k and Σn_k, i.e. the average network
/// and the total row count — never one centre's update; with <c>dp</c> (fedavg/fedprox only) every centre's exact clipped
/// gradient sum (central DP-FedAvg: the coordinator is trusted with it and adds the noise) or every centre's already noisy
/// network (per-site DP-SGD: DP against the coordinator too). An analyst reading the report sees the final model, the
/// folds' AUCs and the row count — under DP only the DP model and ε (no AUC: DP needs folds 0; no row count).
/// </remarks>
internal sealed class FederatedCoordinator(ConsortiumConfig config, SiteIdentity identity, IReadOnlyList<ISiteChannel> channels, IProgress<double>? progress)
{
    private readonly PinnedKeys _pinned = config.PinnedKeys();
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly HashSet<string> _active = [.. channels.Select(c => c.Site)];
    private readonly List<string> _dropouts = [];
    private int _aggregations;
    private int _width;
    private long _rows;
    private long _maxSiteRows;
    private Dictionary<string, int> _siteRows = new(StringComparer.Ordinal);
    private PaillierPublicKey? _paillier;
    private int _paillierParties;
    private int _paillierThreshold;
    private double _work;
    private double _totalWork = 1;

    public async Task<FederationReport> RunAsync(CancellationToken ct)
    {
        config.Validate();
        await HelloAsync(ct).ConfigureAwait(false);
        double? epsilon = null;
        if (config.Dp is { } dp)
        {
            epsilon = await ChargeAsync(dp, ct).ConfigureAwait(false);
        }
        var folds = config.Folds;
        _totalWork = folds + 1;
        var train = new Stopwatch();
        var evaluate = new Stopwatch();
        var trainCpu = TimeSpan.Zero;
        var evaluateCpu = TimeSpan.Zero;
        var auc = new List<double>();
        // Newton protocols fit all rows first and start each fold's fit from that model: the fold's maximum
        // likelihood estimate is unique, so the start changes only how many iterations reach it (about half),
        // never the fold's model beyond the 1e-7 stopping rule, and the held-out rows are only scored.
        var warm = (config.Protocol is FederationProtocol.SecAgg or FederationProtocol.ThresholdHe) && !Mlp;
        double[]? final = null;
        double[][]? secure = null;
        if (config.Protocol == FederationProtocol.Smpc && !Mlp)
        {
            // Every fit trained together on shares; only the models are opened (see SecureLogisticTraining).
            (secure, trainCpu) = await TimedAsync(train, () => SecureTrainAsync(ct)).ConfigureAwait(false);
            final = secure[0];
        }
        else if (warm)
        {
            (final, trainCpu) = await TimedAsync(train, () => FitAsync(-1, null, ct)).ConfigureAwait(false);
            Advance(1);
        }
        for (var fold = 0; fold < folds; fold++)
        {
            var (w, cpu) = secure is not null ? (secure[fold + 1], TimeSpan.Zero) : await TimedAsync(train, () => FitAsync(fold, final, ct)).ConfigureAwait(false);
            trainCpu += cpu;
            var (histogram, evalCpu) = await TimedAsync(evaluate, () => AggregateAsync(new LocalTask("histogram", w, fold, folds, config.Seed, Bins: config.EffectiveBins, Hidden: Hidden), 2 * config.EffectiveBins, ct)).ConfigureAwait(false);
            evaluateCpu += evalCpu;
            auc.Add(LocalLogistic.AucFromHistogram(histogram));
            Advance(1);
        }
        if (final is null)
        {
            TimeSpan cpu;
            (final, cpu) = await TimedAsync(train, () => FitAsync(-1, null, ct)).ConfigureAwait(false);
            trainCpu += cpu;
            Advance(1);
        }
        return new FederationReport(ConsortiumConfig.ProtocolName(config.Protocol), train.Elapsed.TotalSeconds, evaluate.Elapsed.TotalSeconds, final!, auc,
            channels.Sum(c => c.Bytes), _aggregations, [.. channels.Select(c => c.Site)], config.Dp is null ? _rows : null, _dropouts, epsilon, config.Dp?.Delta)
        {
            TrainCpuSeconds = trainCpu.TotalSeconds,
            EvalCpuSeconds = evaluateCpu.TotalSeconds,
        };
    }

    /// <summary>Runs <paramref name="work"/> under <paramref name="watch"/> and returns this process's CPU time spent meanwhile.</summary>
    private static async Task<(T Result, TimeSpan Cpu)> TimedAsync<T>(Stopwatch watch, Func<Task<T>> work)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Start();
        var result = await work().ConfigureAwait(false);
        watch.Stop();
        return (result, Process.GetCurrentProcess().TotalProcessorTime - before);
    }

    private void Advance(double amount)
    {
        _work += amount;
        progress?.Report(Math.Min(1, _work / _totalWork));
    }

    private async Task HelloAsync(CancellationToken ct)
    {
        var answers = await AllAsync(new SiteRequest { Session = _session, Aggregation = "hello", Step = "hello" }, ct, tolerateDropouts: true).ConfigureAwait(false);
        var widths = answers.Select(a => a.Width).Distinct().ToList();
        if (widths.Count != 1 || widths[0] != config.Features.Count + 1)
        {
            throw new CollaborationException($"The sites disagree on the features: widths {string.Join(", ", answers.Select(a => $"{a.Site}={a.Width - 1}"))}, the consortium declares {config.Features.Count}.");
        }
        _width = widths[0];
        _rows = answers.Sum(a => (long)a.Rows);
        _maxSiteRows = answers.Max(a => (long)a.Rows);
        _siteRows = answers.ToDictionary(a => a.Site, a => a.Rows, StringComparer.Ordinal);
        if (config.Protocol == FederationProtocol.ThresholdHe)
        {
            var moduli = answers.Select(a => a.PaillierModulus).Distinct().ToList();
            if (moduli.Count != 1 || moduli[0] is not { } n)
            {
                throw new CollaborationException($"threshold-he: the sites do not hold shares of one Paillier key ({string.Join(", ", answers.Select(a => $"{a.Site}: {(a.PaillierModulus is { } m ? SiteNode.Fingerprint(m) : "none")}"))}).");
            }
            _paillier = new PaillierPublicKey(n);
            _paillierParties = answers[0].PaillierParties;
            _paillierThreshold = answers[0].PaillierThreshold;
            if (answers[0].PaillierThreshold > _active.Count)
            {
                throw new CollaborationException($"threshold-he: the key needs {answers[0].PaillierThreshold} centres to decrypt; only {_active.Count} answered.");
            }
        }
    }

    private async Task<double> ChargeAsync(DpFedAvgSettings dp, CancellationToken ct)
    {
        var plan = new DpPlan(dp.SamplingRate, dp.NoiseMultiplier, dp.ClippingNorm, config.DpSteps, dp.Delta, dp.PerSite);
        var answers = await AllAsync(new SiteRequest { Session = _session, Aggregation = "dp-plan", Step = "dp-plan", Dp = plan }, ct).ConfigureAwait(false);
        return answers.Max(a => a.ChargedEpsilon ?? 0);
    }

    /// <summary>The model is a multilayer perceptron (trained by FedAvg rounds, whatever protocol sums the updates).</summary>
    private bool Mlp => config.Model == "mlp";

    /// <summary>The MLP's hidden layers, sent with each task; null for logistic regression.</summary>
    private int[]? Hidden => Mlp ? [.. config.Hidden] : null;

    /// <summary>The starting model: zeros for logistic regression; for the MLP the network's initial weights from the consortium's seed (data-independent).</summary>
    private double[] Initial(int width) => Mlp ? LocalMlp.Create(width - 1, config.Hidden, config.Seed).Parameters.ToArray() : new double[width];

    private async Task<double[]> FitAsync(int fold, double[]? start, CancellationToken ct)
    {
        var d = _width;
        var w = start is null ? Initial(d) : (double[])start.Clone();
        var folds = config.Folds;
        switch (config.Protocol)
        {
            case FederationProtocol.FedAvg or FederationProtocol.FedProx when config.Dp is { PerSite: true } dp:
                {
                    // Per-site DP-SGD: every centre returns its own noisy model; the average (equal, public weights) is post-processing.
                    for (var round = 0; round < config.Rounds; round++)
                    {
                        var sum = await AggregateAsync(new LocalTask("dp-sgd", w, fold, folds, config.Seed, config.LocalEpochs, dp.LearningRate, ClippingNorm: dp.ClippingNorm, SamplingRate: dp.SamplingRate, BatchSize: dp.ExpectedBatchSize, Hidden: Hidden), w.Length + 1, ct).ConfigureAwait(false);
                        w = [.. sum.Take(w.Length).Select(v => v / sum[^1])];
                        Advance(1.0 / config.Rounds);
                    }
                    return w;
                }
            case FederationProtocol.FedAvg or FederationProtocol.FedProx when config.Dp is { } dp:
                {
                    // Central DP-FedAvg: the centres' clipped sums of the whole parameter vector, one Gaussian noise draw here.
                    var noise = new GradientNoise(dp.NoiseMultiplier, dp.ClippingNorm, w.Length);
                    var expectedBatch = dp.ExpectedBatchSize;
                    for (var round = 0; round < config.Rounds; round++)
                    {
                        var sum = await AggregateAsync(new LocalTask("dp-gradient", w, fold, folds, config.Seed, ClippingNorm: dp.ClippingNorm, SamplingRate: dp.SamplingRate, Hidden: Hidden), w.Length, ct).ConfigureAwait(false);
                        noise.AddTo(sum, SecureRandom.Instance);
                        TensorPrimitives.MultiplyAdd(sum, -dp.LearningRate / expectedBatch, w, w);
                        Advance(1.0 / config.Rounds);
                    }
                    return w;
                }
            case var _ when Mlp:
                {
                    // FedAvg of the network (FedProx: the proximal term), whatever sums the updates: in the clear (fedavg, fedprox),
                    // by secure aggregation (secagg), additive shares (smpc) or under threshold Paillier (threshold-he). The fold
                    // split stays the consortium's; only the mini-batch order changes per round.
                    var mu = config.Protocol == FederationProtocol.FedProx ? config.Mu : 0;
                    var hidden = Hidden;
                    for (var round = 0; round < config.Rounds; round++)
                    {
                        var sum = await AggregateAsync(new LocalTask("fedavg", w, fold, folds, config.Seed, config.LocalEpochs, config.LearningRate, mu, Hidden: hidden, ShuffleSeed: config.Seed + round), w.Length + 1, ct).ConfigureAwait(false);
                        w = [.. sum.Take(w.Length).Select(v => v / sum[^1])];
                        Advance(1.0 / config.Rounds / (config.Folds + 1));
                    }
                    return w;
                }
            case FederationProtocol.FedAvg or FederationProtocol.FedProx:
                {
                    var mu = config.Protocol == FederationProtocol.FedProx ? config.Mu : 0;
                    for (var round = 0; round < config.Rounds; round++)
                    {
                        var sum = await AggregateAsync(new LocalTask("fedavg", w, fold, folds, config.Seed, config.LocalEpochs, config.LearningRate, mu), d + 1, ct).ConfigureAwait(false);
                        w = [.. sum.Take(d).Select(v => v / sum[d])];
                    }
                    return w;
                }
            default:
                {
                    for (var iteration = 0; iteration < Math.Min(config.Rounds, 50); iteration++)
                    {
                        var statistics = await AggregateAsync(new LocalTask("newton", w, fold, folds, config.Seed), LocalLogistic.NewtonLength(d), ct).ConfigureAwait(false);
                        var step = LocalLogistic.NewtonStep(statistics, d);
                        TensorPrimitives.Subtract(w, step, w);
                        if (Math.Abs(TensorPrimitives.MaxMagnitude(step)) < 1e-7)
                        {
                            break;
                        }
                    }
                    return w;
                }
        }
    }

    /// <summary>
    /// smpc: trains on additive shares held by the first two active sites (the computing parties), the
    /// coordinator acting as the Beaver-triple dealer and routing the parties' openings, which they encrypt for
    /// each other. The final model first (on shares of the rows), then, with folds, every fold's model as one
    /// Newton step from it on shares of the sites' statistics there. Returns the opened models (0: all rows;
    /// 1 + f: without fold f).
    /// </summary>
    private async Task<double[][]> SecureTrainAsync(CancellationToken ct)
    {
        var sites = _active.Order(StringComparer.Ordinal).ToList();
        var plan = new SecureTrainingPlan([.. sites.Select(s => _siteRows[s])], _width, config.Folds, config.Seed, config.Iterations);
        var final = (await SecureStageAsync(sites, plan, ct).ConfigureAwait(false))[0];
        if (config.Folds < 2)
        {
            return [final];
        }
        var folds = await SecureStageAsync(sites, plan with { Start = final, SchulzIterations = SecureTrainingPlan.FoldSchulzIterations }, ct).ConfigureAwait(false);
        return [final, .. folds];
    }

    private async Task<double[][]> SecureStageAsync(List<string> sites, SecureTrainingPlan plan, CancellationToken ct)
    {
        var training = $"t{++_aggregations}";
        var parties = sites.Take(2).ToList();
        var basic = new SecureTrainingRequest { Training = training };
        try
        {
            var keys = await EachAsync(sites, _ => new SiteRequest { Session = _session, Aggregation = training + ".keys", Step = "smpc-train-keys", Training = basic }, ct, tolerateDropouts: false).ConfigureAwait(false);
            var roster = keys.Select(k => k.Keys!).ToList();
            var described = basic with { Plan = plan, Parties = parties };
            var shared = await EachAsync(sites, _ => new SiteRequest { Session = _session, Aggregation = training + ".share", Step = "smpc-train-share", Roster = roster, Training = described }, ct, tolerateDropouts: false).ConfigureAwait(false);
            var packets = shared.SelectMany(s => s.Packets!).ToList();
            var dealer = new BeaverDealer(SecureRandom.Instance);
            dealer.Keep("X");
            var answers = await EachAsync(parties, site => new SiteRequest
            {
                Session = _session,
                Aggregation = training + ".start",
                Step = "smpc-train-start",
                Roster = roster,
                Packets = [.. packets.Where(p => p.To == site)],
                Training = described with { DealerSeed = dealer.Seed(parties.IndexOf(site)) },
            }, ct, tolerateDropouts: false).ConfigureAwait(false);
            var total = 2 + SecureLogisticTraining.Rounds(plan);
            while (true)
            {
                var a0 = answers.Single(a => a.Site == parties[0]).Training ?? throw new CollaborationException($"SMPC training: '{parties[0]}' sent no round.");
                var a1 = answers.Single(a => a.Site == parties[1]).Training ?? throw new CollaborationException($"SMPC training: '{parties[1]}' sent no round.");
                if (a0.Number != a1.Number || !a0.Labels.SequenceEqual(a1.Labels) || !a0.Products.SequenceEqual(a1.Products))
                {
                    throw new CollaborationException($"SMPC training: the computing sites disagree at round {a0.Number}/{a1.Number}.");
                }
                if (a0.Output is not null || a1.Output is not null)
                {
                    var sum = AdditiveSecretSharing.Combine([RingMath.FromBytes(a0.Output ?? []), RingMath.FromBytes(a1.Output ?? [])]);
                    var decoded = new FixedPointEncoding(SecureLogisticTraining.WeightBits).Decode(sum);
                    if (decoded.Length != plan.Fits * plan.Width)
                    {
                        throw new CollaborationException($"SMPC training: the opened models have {decoded.Length} values, expected {plan.Fits * plan.Width}.");
                    }
                    return [.. Enumerable.Range(0, plan.Fits).Select(f => decoded[(f * plan.Width)..((f + 1) * plan.Width)])];
                }
                var corrections = RingMath.ToBytes(dealer.Corrections(a0.Products));
                _aggregations++;
                Advance(Math.Min(0.999, 1.0 / total));
                answers = await EachAsync(parties, site => new SiteRequest
                {
                    Session = _session,
                    Aggregation = $"{training}.r{a0.Number}",
                    Step = "smpc-train-round",
                    Training = basic with
                    {
                        Round = a0.Number,
                        Peer = site == parties[0] ? a1.ToPeer : a0.ToPeer,
                        Corrections = site == parties[1] ? corrections : null,
                    },
                }, ct, tolerateDropouts: false).ConfigureAwait(false);
            }
        }
        catch (SiteUnavailableException e)
        {
            Drop(e.Site, "smpc-train");
            throw new CollaborationException($"SMPC training: site '{e.Site}' did not answer; secure training has no dropout recovery (run again without it).", e);
        }
    }

    /// <summary>The sum over the active centres of what <paramref name="task"/> computes, through the protocol's aggregation.</summary>
    internal async Task<double[]> AggregateAsync(LocalTask task, int length, CancellationToken ct)
    {
        _aggregations++;
        var aggregation = $"a{_aggregations}";
        for (var attempt = 0; ; attempt++)
        {
            var id = attempt == 0 ? aggregation : $"{aggregation}.{attempt}";
            try
            {
                return config.Protocol switch
                {
                    FederationProtocol.SecAgg => await SecAggAsync(id, task, length, ct).ConfigureAwait(false),
                    FederationProtocol.Smpc => await SmpcAsync(id, task, length, ct).ConfigureAwait(false),
                    FederationProtocol.ThresholdHe => await ThresholdHeAsync(id, task, length, ct).ConfigureAwait(false),
                    _ => await PlainAsync(id, task, ct).ConfigureAwait(false),
                };
            }
            catch (SiteUnavailableException e) when (attempt < channels.Count)
            {
                // Protocols without dropout recovery restart the aggregation without the missing centre.
                Drop(e.Site, id);
            }
        }
    }

    private async Task<double[]> PlainAsync(string id, LocalTask task, CancellationToken ct)
    {
        var answers = await AllAsync(new SiteRequest { Session = _session, Aggregation = id, Step = "compute", Task = task }, ct, tolerateDropouts: true).ConfigureAwait(false);
        var sum = new double[answers[0].Values!.Length];
        foreach (var answer in answers)
        {
            TensorPrimitives.Add(sum, answer.Values!, sum);
        }
        return sum;
    }

    private async Task<double[]> SecAggAsync(string id, LocalTask task, int length, CancellationToken ct)
    {
        var encoding = new FixedPointEncoding(FractionBits);
        var aggregator = new SecAggAggregator(_session + "/" + id, config.Threshold, length);
        var advertised = await AllAsync(new SiteRequest { Session = _session, Aggregation = id, Step = "secagg-advertise", Task = task, FractionBits = FractionBits }, ct, tolerateDropouts: true).ConfigureAwait(false);
        foreach (var a in advertised)
        {
            aggregator.AddKeys(a.Keys!);
        }
        var shared = await AllAsync(new SiteRequest { Session = _session, Aggregation = id, Step = "secagg-share", Roster = aggregator.Roster, Threshold = config.Threshold }, ct, tolerateDropouts: true).ConfigureAwait(false);
        var packets = shared.SelectMany(s => s.Packets!).ToList();
        var sharedKeys = shared.Select(s => s.Site).ToList();
        var masked = await EachAsync(sharedKeys, site => new SiteRequest
        {
            Session = _session,
            Aggregation = id,
            Step = "secagg-mask",
            Packets = [.. SecAggAggregator.PacketsFor(site, packets).Where(p => sharedKeys.Contains(p.From))],
        }, ct).ConfigureAwait(false);
        foreach (var m in masked)
        {
            aggregator.AddMasked(m.Site, m.Ring!);
        }
        var survivors = aggregator.Survivors;
        var unmasked = await EachAsync(survivors, _ => new SiteRequest { Session = _session, Aggregation = id, Step = "secagg-unmask", Survivors = [.. survivors] }, ct).ConfigureAwait(false);
        return encoding.Decode(aggregator.Sum(sharedKeys, [.. unmasked.Select(u => u.Unmasking!)]));
    }

    private async Task<double[]> SmpcAsync(string id, LocalTask task, int length, CancellationToken ct)
    {
        var encoding = new FixedPointEncoding(FractionBits);
        var advertised = await AllAsync(new SiteRequest { Session = _session, Aggregation = id, Step = "smpc-advertise", Task = task, FractionBits = FractionBits }, ct).ConfigureAwait(false);
        var roster = advertised.Select(a => a.Keys!).ToList();
        var shared = await AllAsync(new SiteRequest { Session = _session, Aggregation = id, Step = "smpc-share", Roster = roster }, ct).ConfigureAwait(false);
        var packets = shared.SelectMany(s => s.Packets!).ToList();
        var partials = await EachAsync([.. roster.Select(r => r.Site)], site => new SiteRequest
        {
            Session = _session,
            Aggregation = id,
            Step = "smpc-sum",
            Packets = [.. packets.Where(p => p.To == site)],
        }, ct).ConfigureAwait(false);
        var sum = AdditiveSecretSharing.Combine(partials.Select(p => p.Ring!));
        return sum.Length == length ? encoding.Decode(sum) : throw new CollaborationException($"SMPC: the partial sums have {sum.Length} values, expected {length}.");
    }

    private async Task<double[]> ThresholdHeAsync(string id, LocalTask task, int length, CancellationToken ct)
    {
        var pk = _paillier!;
        // Slot widths: each slot holds b value bits plus h = ⌈log₂ sites⌉ bits of carry headroom (the sum of
        // the sites' biased values stays below sites·2^b). Counts need the bits of the largest site's row count
        // (announced at hello) plus one; Newton sums go in 50-bit values with 18 fraction bits (±2^31, a
        // resolution of 3.8e-6 per site), so with 3 sites a Newton step's 78 sums of 11 weights fill two
        // 2048-bit ciphertexts of 39 slots instead of three of 28.
        var counts = task.Kind == "histogram";
        var encoding = new FixedPointEncoding(counts ? 0 : HeFractionBits);
        var valueBits = counts ? Math.Clamp((int)BigInteger.Log(_maxSiteRows + 1, 2) + 2, 8, 64) : HeValueBits;
        var headroom = Math.Max(1, (int)Math.Ceiling(Math.Log2(config.Sites.Count)));
        var request = new SiteRequest { Session = _session, Aggregation = id, Step = "he-encrypt", Task = task, FractionBits = encoding.FractionBits, ValueBits = valueBits, HeadroomBits = headroom };
        var envelopes = await AllEnvelopesAsync(request, ct).ConfigureAwait(false);
        var decryptRequest = new SiteRequest { Session = _session, Aggregation = id, Step = "he-decrypt", Ciphertexts = [.. envelopes.Select(e => e.Envelope)] };
        // t centres are asked to decrypt; if one drops out, the next ones are asked.
        var partials = new List<SiteResponse>();
        var candidates = envelopes.Select(e => e.Answer.Site).ToList();
        while (partials.Count < _paillierThreshold)
        {
            var ask = candidates.Except(partials.Select(p => p.Site)).Where(_active.Contains).Take(_paillierThreshold - partials.Count).ToList();
            if (ask.Count == 0)
            {
                throw new CollaborationException($"Threshold HE: only {partials.Count} centres answered the decryption, {_paillierThreshold} are needed; the result stays encrypted.");
            }
            partials.AddRange(await EachAsync(ask, _ => decryptRequest, ct, tolerateDropouts: true, needed: 0).ConfigureAwait(false));
        }
        var plaintexts = new BigInteger[envelopes[0].Answer.Ciphertexts!.Count];
        for (var i = 0; i < plaintexts.Length; i++)
        {
            plaintexts[i] = ThresholdPaillier.Combine(pk, _paillierParties, _paillierThreshold, [.. partials.Select(p => p.DecryptionShares![i])]);
        }
        return encoding.Decode(PaillierPacking.Unpack(plaintexts, length, envelopes.Count, pk, valueBits, headroom));
    }

    private int FractionBits => 24;

    private const int HeFractionBits = 18;

    private const int HeValueBits = 50;

    private Task<List<SiteResponse>> AllAsync(SiteRequest request, CancellationToken ct, bool tolerateDropouts = false) =>
        EachAsync([.. _active.Order(StringComparer.Ordinal)], _ => request, ct, tolerateDropouts);

    private async Task<List<(SignedEnvelope Envelope, SiteResponse Answer)>> AllEnvelopesAsync(SiteRequest request, CancellationToken ct)
    {
        var sites = _active.Order(StringComparer.Ordinal).ToList();
        var results = await Task.WhenAll(sites.Select(site => CallAsync(site, request, ct))).ConfigureAwait(false);
        return [.. results];
    }

    /// <summary>Sends one request per site in parallel; with <paramref name="tolerateDropouts"/>, late sites are dropped as long as t remain.</summary>
    private async Task<List<SiteResponse>> EachAsync(IReadOnlyCollection<string> sites, Func<string, SiteRequest> request, CancellationToken ct, bool tolerateDropouts = true, int? needed = null)
    {
        var tasks = sites.Select(async site =>
        {
            try
            {
                return (Site: site, Answer: (SiteResponse?)(await CallAsync(site, request(site), ct).ConfigureAwait(false)).Answer, Error: (SiteUnavailableException?)null);
            }
            catch (SiteUnavailableException e)
            {
                return (Site: site, Answer: (SiteResponse?)null, Error: (SiteUnavailableException?)e);
            }
        }).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var failed = results.Where(r => r.Error is not null).ToList();
        if (failed.Count > 0 && !tolerateDropouts)
        {
            throw failed[0].Error!;
        }
        foreach (var f in failed)
        {
            Drop(f.Site, request(f.Site).Step);
        }
        var answers = results.Where(r => r.Answer is not null).Select(r => r.Answer!).ToList();
        needed ??= config.Protocol is FederationProtocol.FedAvg or FederationProtocol.FedProx ? 1 : config.Threshold;
        if (answers.Count < needed)
        {
            throw new CollaborationException($"Only {answers.Count} of {sites.Count} sites answered '{request(sites.First()).Step}'; at least {needed} are needed. Dropouts: {string.Join(", ", _dropouts)}.");
        }
        return answers;
    }

    private async Task<(SignedEnvelope Envelope, SiteResponse Answer)> CallAsync(string site, SiteRequest request, CancellationToken ct)
    {
        var channel = channels.First(c => c.Site == site);
        var envelope = await channel.SendAsync(identity.Seal(CollaborationJson.Serialize(request)), ct).ConfigureAwait(false);
        var answer = CollaborationJson.Deserialize<SiteResponse>(envelope.Open(_pinned, site), $"Answer of '{site}'");
        if (answer.Aggregation != request.Aggregation || answer.Step != request.Step || answer.Site != site)
        {
            throw new CollaborationException($"Site '{site}' answered step '{answer.Step}' of '{answer.Aggregation}' to '{request.Step}' of '{request.Aggregation}'; rejected.");
        }
        return (envelope, answer);
    }

    private void Drop(string site, string step)
    {
        if (_active.Remove(site))
        {
            _dropouts.Add($"{site} (at {step})");
        }
    }
}
