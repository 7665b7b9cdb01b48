using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using Sanitas.Privacy;
using Sanitas.Privacy.Renyi;

namespace Sanitas.Collaboration;

/// <summary>
/// One centre's protocol logic, independent of HTTP: it verifies the coordinator's signature, computes
/// what the request asks on its own rows, and answers through the requested aggregation (in the clear,
/// masked for secure aggregation, as additive shares, or encrypted under the joint Paillier key), signed
/// with its identity. Answers are cached per aggregation and step, so a retried request gets the same
/// answer and a coordinator cannot obtain two different answers to one step.
/// </summary>
internal sealed class SiteNode : IDisposable
{
    private readonly SiteNodeOptions _options;
    private readonly SiteData _data;
    private readonly PinnedKeys _pinned;
    private readonly IRandomBits _random;
    private readonly ConcurrentDictionary<string, SignedEnvelope> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AggregationState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _dpSteps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SecureTrainingSite> _trainings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Key, SignedEnvelope Answer)> _lastRound = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Lazy<PaillierEncryptor?> _encryptor;

    public SiteNode(SiteNodeOptions options, SiteData data, IRandomBits random)
    {
        _options = options;
        _data = data;
        _random = random;
        // The site's own DJN base and table, built on first use (threshold-he only).
        _encryptor = new(() => options.PaillierShare is { } key ? new PaillierEncryptor(key.PublicKey, random) : null, LazyThreadSafetyMode.ExecutionAndPublication);
        _pinned = options.Consortium.PinnedKeys();
        if (!_pinned.Contains(options.Identity.Name))
        {
            throw new CollaborationException($"The consortium file lists no site '{options.Identity.Name}'.");
        }
        if (data.Width != options.Consortium.Features.Count + 1)
        {
            throw new CollaborationException($"Site '{Name}' has {data.Width - 1} features; the consortium declares {options.Consortium.Features.Count}.");
        }
    }

    public string Name => _options.Identity.Name;

    /// <summary>Handles one signed request and returns the signed answer.</summary>
    public async Task<SignedEnvelope> HandleAsync(SignedEnvelope envelope, CancellationToken cancellationToken)
    {
        var payload = envelope.Open(_pinned, _options.Consortium.CoordinatorName);
        var request = CollaborationJson.Deserialize<SiteRequest>(payload, $"Request to '{Name}'");
        if (DateTimeOffset.UtcNow - request.IssuedAt > _options.MaximumAge)
        {
            throw new CollaborationException($"Request '{request.Step}' for aggregation '{request.Aggregation}' is older than {_options.MaximumAge.TotalMinutes:0} minutes: a replay; refused.");
        }
        var key = request.Session + "/" + request.Aggregation + "|" + request.Step;
        // Secure-training rounds are large: only the last one is kept for a retry.
        var round = request.Step is "smpc-train-start" or "smpc-train-round";
        if (round && _lastRound.TryGetValue(request.Session, out var last) && last.Key == key)
        {
            return last.Answer;
        }
        if (_answers.TryGetValue(key, out var cached))
        {
            return cached;
        }
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_answers.TryGetValue(key, out cached))
            {
                return cached;
            }
            var response = request.Step.StartsWith("smpc-train", StringComparison.Ordinal)
                ? await TrainingAsync(request, cancellationToken).ConfigureAwait(false)
                : await Task.Run(() => Answer(request), cancellationToken).ConfigureAwait(false);
            var sealedResponse = _options.Identity.Seal(CollaborationJson.Serialize(response));
            if (round)
            {
                _lastRound[request.Session] = (key, sealedResponse);
            }
            else
            {
                _answers[key] = sealedResponse;
            }
            return sealedResponse;
        }
        finally
        {
            _lock.Release();
        }
    }

    private SiteResponse Answer(SiteRequest request)
    {
        var response = new SiteResponse { Site = Name, Aggregation = request.Aggregation, Step = request.Step };
        switch (request.Step)
        {
            case "hello":
                return response with
                {
                    Rows = _data.Rows,
                    Width = _data.Width,
                    PaillierModulus = _options.PaillierShare?.N,
                    PaillierParties = _options.PaillierShare?.Parties ?? 0,
                    PaillierThreshold = _options.PaillierShare?.Threshold ?? 0,
                };
            case "dp-plan":
                return response with { ChargedEpsilon = Charge(request) };
            case "compute":
                return response with { Values = Compute(request) };
            case "secagg-advertise":
                {
                    var state = NewState(request);
                    state.SecAgg = new SecAggParticipant(_options.Identity, _pinned, request.Session + "/" + request.Aggregation, _random);
                    return response with { Keys = state.SecAgg.Advertise() };
                }
            case "secagg-share":
                return response with { Packets = State(request).SecAgg!.ShareKeys(Required(request.Roster, request), request.Threshold) };
            case "secagg-mask":
                {
                    var state = State(request);
                    return response with { Ring = state.SecAgg!.Mask(state.Encoded, Required(request.Packets, request)) };
                }
            case "secagg-unmask":
                return response with { Unmasking = State(request).SecAgg!.Unmask(Required(request.Survivors, request)) };
            case "smpc-advertise":
                {
                    var state = NewState(request);
                    state.Smpc = SecAggCrypto.NewKey();
                    var spki = state.Smpc.ExportSubjectPublicKeyInfo();
                    var session = request.Session + "/" + request.Aggregation;
                    return response with { Keys = new SecAggKeys(Name, spki, spki, _options.Identity.Sign(SecAggCrypto.KeysSignedBytes(session, Name, spki, spki))) };
                }
            case "smpc-share":
                return response with { Packets = SmpcShare(request) };
            case "smpc-sum":
                return response with { Ring = SmpcSum(request) };
            case "he-encrypt":
                {
                    var share = _options.PaillierShare ?? throw new CollaborationException($"Site '{Name}' holds no threshold Paillier key share; start it with one for threshold-he.");
                    var state = NewState(request);
                    if (request.ValueBits is < 8 or > 64)
                    {
                        throw new CollaborationException($"Threshold HE: value width {request.ValueBits} bits is outside [8, 64].");
                    }
                    if (request.HeadroomBits < (int)Math.Ceiling(Math.Log2(_options.Consortium.Sites.Count)) || request.HeadroomBits > 16)
                    {
                        throw new CollaborationException($"Threshold HE: {request.HeadroomBits} bits of slot headroom cannot hold the sum over {_options.Consortium.Sites.Count} sites.");
                    }
                    var packed = PaillierPacking.Pack(state.Encoded, share.PublicKey, request.ValueBits, request.HeadroomBits);
                    return response with { Ciphertexts = [.. packed.AsParallel().AsOrdered().Select(m => _encryptor.Value!.Encrypt(m))] };
                }
            case "he-decrypt":
                return response with { DecryptionShares = PartialDecrypt(request) };
            default:
                throw new CollaborationException($"Site '{Name}' does not know the step '{request.Step}'.");
        }
    }

    private async Task<SiteResponse> TrainingAsync(SiteRequest request, CancellationToken ct)
    {
        var response = new SiteResponse { Site = Name, Aggregation = request.Aggregation, Step = request.Step };
        var training = Required(request.Training, request);
        var context = request.Session + "/" + training.Training;
        if (_options.RequireDp || _dpPlans.ContainsKey(request.Session))
        {
            throw new CollaborationException($"Site '{Name}' answers only differentially private tasks{(_options.RequireDp ? "" : " in a session charged for DP")}; secure training refused.");
        }
        if (request.Step == "smpc-train-keys")
        {
            var site = new SecureTrainingSite(Name, _options.Identity, _pinned, _random);
            if (!_trainings.TryAdd(context, site))
            {
                site.Dispose();
                throw new CollaborationException($"Site '{Name}': training '{training.Training}' already started; refused.");
            }
            return response with { Keys = site.Advertise(context) };
        }
        var session = _trainings.TryGetValue(context, out var known)
            ? known
            : throw new CollaborationException($"Site '{Name}' knows no training '{training.Training}' (step '{request.Step}' out of order).");
        switch (request.Step)
        {
            case "smpc-train-share":
                {
                    var plan = Required(training.Plan, request);
                    for (var fit = 0; fit < plan.Fits; fit++)
                    {
                        if (plan.SiteRows.Count > 0 && plan.SiteMask(Math.Max(0, Required(request.Roster, request).Select(k => k.Site).ToList().IndexOf(Name)), fit).Count(m => m) < _options.MinimumRows)
                        {
                            throw new CollaborationException($"Site '{Name}' computes statistics over at least {_options.MinimumRows} rows; a fit of this training has fewer.");
                        }
                    }
                    return response with { Packets = session.Share(_data, context, plan, Required(request.Roster, request), Required(training.Parties, request)) };
                }
            case "smpc-train-start":
                return response with
                {
                    Training = await session.StartAsync(context, Required(training.Plan, request), Required(request.Roster, request), Required(training.Parties, request),
                        Required(training.DealerSeed, request), Required(request.Packets, request), ct).ConfigureAwait(false),
                };
            case "smpc-train-round":
                return response with { Training = await session.RoundAsync(training.Round, Required(training.Peer, request), training.Corrections, ct).ConfigureAwait(false) };
            default:
                throw new CollaborationException($"Site '{Name}' does not know the step '{request.Step}'.");
        }
    }

    private double Charge(SiteRequest request)
    {
        var plan = request.Dp ?? throw new CollaborationException($"The dp-plan request to '{Name}' carries no plan.");
        var cost = RenyiAccountant.Epsilon(plan.SamplingRate, plan.NoiseMultiplier, plan.Steps, plan.Delta);
        if (_options.Ledger is { } ledger)
        {
            var analyst = _options.Analyst ?? throw new CollaborationException($"Site '{Name}' has a ledger but no analyst to charge.");
            ledger.ChargeAsync(analyst, Name, cost.Epsilon, cost.Delta,
                $"federated {(plan.PerSite ? "per-site DP-SGD" : "DP-FedAvg")} session {request.Session}: q={plan.SamplingRate}, σ={plan.NoiseMultiplier}, C={plan.ClippingNorm}, {plan.Steps} steps").GetAwaiter().GetResult();
        }
        else if (!_options.NoLedger)
        {
            throw new CollaborationException($"Site '{Name}' has no budget ledger: it answers DP tasks only when charged (or when started with `noLedger`).");
        }
        _dpSteps[request.Session] = plan.Steps;
        _dpPlans[request.Session] = plan;
        return cost.Epsilon;
    }

    private readonly ConcurrentDictionary<string, DpPlan> _dpPlans = new(StringComparer.Ordinal);

    private double[] Compute(SiteRequest request)
    {
        var task = request.Task ?? throw new CollaborationException($"Request '{request.Step}' to '{Name}' carries no task.");
        if (task.Hidden is { } hidden && (hidden.Length is < 1 or > 8 || hidden.Any(h => h is < 1 or > 1024)))
        {
            throw new CollaborationException($"Site '{Name}': hidden layers must be 1 to 8 layers of 1 to 1,024 units.");
        }
        var expectedWeights = task.Hidden is null ? _data.Width : LocalMlp.ParameterCount(_data.Width - 1, task.Hidden);
        if (task.Weights.Length != expectedWeights || task.Weights.Any(w => !double.IsFinite(w)))
        {
            throw new CollaborationException($"The model sent to '{Name}' has {task.Weights.Length} finite weights; expected {expectedWeights}.");
        }
        if (task.Hidden is not null && task.Kind is not ("fedavg" or "histogram" or "dp-gradient" or "dp-sgd"))
        {
            throw new CollaborationException($"Site '{Name}': the multilayer perceptron is trained by FedAvg steps (in the clear, or through a secure aggregation) or by DP; '{task.Kind}' refused.");
        }
        var dpTask = task.Kind is "dp-gradient" or "dp-sgd";
        if (_options.RequireDp && !dpTask)
        {
            throw new CollaborationException($"Site '{Name}' answers only differentially private tasks; '{task.Kind}' refused.");
        }
        if (!dpTask && _dpPlans.ContainsKey(request.Session))
        {
            // A session charged for DP gets only noised or clipped answers: an exact update next to a DP one would void the charge's meaning.
            throw new CollaborationException($"Site '{Name}' answers only differentially private tasks in a session charged for DP; '{task.Kind}' refused.");
        }
        var test = task.Kind == "histogram";
        var rows = _data.Select(task.Fold, task.Folds, task.FoldSeed, test);
        if (!dpTask && rows.Length < _options.MinimumRows)
        {
            throw new CollaborationException($"Site '{Name}' computes statistics over at least {_options.MinimumRows} rows; fold {task.Fold} of {task.Folds} is smaller.");
        }
        switch (task.Kind)
        {
            case "newton":
                return LocalLogistic.NewtonStatistics(_data, task.Weights, rows);
            case "fedavg" when task.Hidden is { } layers:
                return LocalMlp.FedAvgUpdate(_data, task.Weights, rows, layers, Math.Clamp(task.Epochs, 1, 1000), task.LearningRate, Math.Max(0, task.Mu), task.ShuffleSeed ?? task.FoldSeed);
            case "histogram" when task.Hidden is { } layers:
                return LocalMlp.ScoreHistogram(_data, task.Weights, rows, layers, Math.Clamp(task.Bins, 2, 1 << 16));
            case "fedavg":
                return LocalLogistic.FedAvgUpdate(_data, task.Weights, rows, Math.Clamp(task.Epochs, 1, 1000), task.LearningRate, Math.Max(0, task.Mu));
            case "histogram":
                return LocalLogistic.ScoreHistogram(_data, task.Weights, rows, Math.Clamp(task.Bins, 2, 1 << 16));
            case "dp-sgd":
                {
                    // Per-site DP-SGD: the noise is added here, σ from the charged plan; the answer is the noisy model (and weight 1).
                    if (!_dpPlans.TryGetValue(request.Session, out var plan) || !plan.PerSite || task.ClippingNorm != plan.ClippingNorm || task.SamplingRate != plan.SamplingRate)
                    {
                        throw new CollaborationException($"Site '{Name}' was not charged for this per-site DP-SGD task (no plan, or a different q or C); refused.");
                    }
                    var steps = Math.Clamp(task.Epochs, 1, 1000);
                    if (_dpSteps.AddOrUpdate(request.Session, -steps, (_, left) => left - steps) < 0)
                    {
                        throw new CollaborationException($"Site '{Name}': the session's DP plan allows no more steps; refused.");
                    }
                    if (!(task.BatchSize >= 1) || !(task.LearningRate > 0) || !double.IsFinite(task.LearningRate))
                    {
                        throw new CollaborationException($"Site '{Name}': per-site DP-SGD needs a declared batch size of at least 1 and a positive learning rate.");
                    }
                    var noise = new Sanitas.Learning.DpSgd.GradientNoise(plan.NoiseMultiplier, plan.ClippingNorm, task.Weights.Length);
                    if (task.Hidden is { } layers)
                    {
                        return LocalMlp.DpSgdUpdate(_data, task.Weights, rows, layers, steps, task.LearningRate, task.BatchSize, plan.ClippingNorm, plan.SamplingRate, noise, SecureRandom.Instance);
                    }
                    var w = (double[])task.Weights.Clone();
                    for (var step = 0; step < steps; step++)
                    {
                        var sum = LocalLogistic.ClippedGradientSum(_data, w, rows, plan.ClippingNorm, plan.SamplingRate, SecureRandom.Instance);
                        noise.AddTo(sum, SecureRandom.Instance);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(sum, -task.LearningRate / task.BatchSize, w, w);
                    }
                    return [.. w, 1.0];
                }
            case "dp-gradient":
                {
                    if (!_dpPlans.TryGetValue(request.Session, out var plan) || plan.PerSite || task.ClippingNorm != plan.ClippingNorm || task.SamplingRate != plan.SamplingRate)
                    {
                        throw new CollaborationException($"Site '{Name}' was not charged for this DP task (no plan, or a different q or C); refused.");
                    }
                    if (_dpSteps.AddOrUpdate(request.Session, -1, (_, left) => left - 1) < 0)
                    {
                        throw new CollaborationException($"Site '{Name}': the session's DP plan allows no more steps; refused.");
                    }
                    return task.Hidden is { } layers
                        ? LocalMlp.ClippedGradientSum(_data, task.Weights, rows, layers, plan.ClippingNorm, plan.SamplingRate, SecureRandom.Instance)
                        : LocalLogistic.ClippedGradientSum(_data, task.Weights, rows, plan.ClippingNorm, plan.SamplingRate, SecureRandom.Instance);
                }
            default:
                throw new CollaborationException($"Site '{Name}' does not know the task '{task.Kind}'.");
        }
    }

    private AggregationState NewState(SiteRequest request)
    {
        var values = Compute(request);
        var state = new AggregationState { Encoded = new FixedPointEncoding(request.FractionBits).Encode(values) };
        if (!_states.TryAdd(request.Session + "/" + request.Aggregation, state))
        {
            throw new CollaborationException($"Site '{Name}': aggregation '{request.Aggregation}' already started; refused.");
        }
        return state;
    }

    private AggregationState State(SiteRequest request) =>
        _states.TryGetValue(request.Session + "/" + request.Aggregation, out var state)
            ? state
            : throw new CollaborationException($"Site '{Name}' knows no aggregation '{request.Aggregation}' (step '{request.Step}' out of order).");

    private IReadOnlyList<SecAggSharePacket> SmpcShare(SiteRequest request)
    {
        var state = State(request);
        var roster = Required(request.Roster, request);
        var session = request.Session + "/" + request.Aggregation;
        foreach (var keys in roster)
        {
            if (!_pinned.Verify(keys.Site, SecAggCrypto.KeysSignedBytes(session, keys.Site, keys.CipherKey, keys.MaskKey), keys.Signature))
            {
                throw new CollaborationException($"SMPC: the key of '{keys.Site}' is not signed by its pinned identity; rejected.");
            }
        }
        var names = roster.Select(k => k.Site).Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count != roster.Count || !names.Contains(Name) || names.Count < 2)
        {
            throw new CollaborationException($"SMPC: the roster must list distinct sites including '{Name}', at least two.");
        }
        state.Roster = names;
        var shares = AdditiveSecretSharing.Split(state.Encoded, names.Count, _random);
        var packets = new List<SecAggSharePacket>();
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == Name)
            {
                state.OwnShare = shares[i];
                continue;
            }
            var key = SecAggCrypto.Agree(state.Smpc!, roster.First(k => k.Site == names[i]).CipherKey, session, "smpc", Name, names[i]);
            var plain = new byte[shares[i].Length * 8];
            Buffer.BlockCopy(shares[i], 0, plain, 0, plain.Length);
            var nonce = new byte[12];
            _random.Fill(nonce);
            var cipher = new byte[plain.Length];
            var tag = new byte[16];
            using var gcm = new AesGcm(key, 16);
            gcm.Encrypt(nonce, plain, cipher, tag, SecAggCrypto.PacketAad(session, Name, names[i]));
            packets.Add(new SecAggSharePacket(Name, names[i], nonce, cipher, tag));
            state.Peers[names[i]] = roster.First(k => k.Site == names[i]).CipherKey;
        }
        return packets;
    }

    private ulong[] SmpcSum(SiteRequest request)
    {
        var state = State(request);
        var session = request.Session + "/" + request.Aggregation;
        var packets = Required(request.Packets, request);
        var senders = packets.Select(p => p.From).ToHashSet(StringComparer.Ordinal);
        if (state.OwnShare is null || !state.Roster!.Where(n => n != Name).All(senders.Contains) || packets.Count != state.Roster!.Count - 1)
        {
            throw new CollaborationException($"SMPC: site '{Name}' needs one share from each of the other {state.Roster?.Count - 1} sites; got {packets.Count}.");
        }
        var parts = new List<ulong[]> { state.OwnShare };
        foreach (var packet in packets)
        {
            if (packet.To != Name || !state.Peers.TryGetValue(packet.From, out var peerKey))
            {
                throw new CollaborationException($"SMPC: a share from '{packet.From}' to '{packet.To}' reached '{Name}'; rejected.");
            }
            var key = SecAggCrypto.Agree(state.Smpc!, peerKey, session, "smpc", Name, packet.From);
            var plain = new byte[packet.Ciphertext.Length];
            try
            {
                using var gcm = new AesGcm(key, 16);
                gcm.Decrypt(packet.Nonce, packet.Ciphertext, packet.Tag, plain, SecAggCrypto.PacketAad(session, packet.From, Name));
            }
            catch (CryptographicException e)
            {
                throw new CollaborationException($"SMPC: the share from '{packet.From}' does not authenticate; rejected.", e);
            }
            var share = new ulong[plain.Length / 8];
            Buffer.BlockCopy(plain, 0, share, 0, plain.Length);
            parts.Add(share);
        }
        return AdditiveSecretSharing.Combine(parts);
    }

    private IReadOnlyList<PaillierDecryptionShare> PartialDecrypt(SiteRequest request)
    {
        var share = _options.PaillierShare ?? throw new CollaborationException($"Site '{Name}' holds no threshold Paillier key share.");
        var envelopes = Required(request.Ciphertexts, request);
        var pk = share.PublicKey;
        BigInteger[]? product = null;
        var contributors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var envelope in envelopes)
        {
            // Decrypt only an aggregate: every summand must be a signed he-encrypt answer of a distinct site for this aggregation.
            var answer = CollaborationJson.Deserialize<SiteResponse>(envelope.Open(_pinned), $"Ciphertexts of '{envelope.Sender}'");
            if (answer.Step != "he-encrypt" || answer.Aggregation != request.Aggregation || answer.Site != envelope.Sender || !contributors.Add(answer.Site) || answer.Ciphertexts is null)
            {
                throw new CollaborationException($"Threshold HE: '{Name}' was asked to decrypt something that is not one aggregation's ciphertexts from distinct sites; refused.");
            }
            product ??= [.. Enumerable.Repeat(BigInteger.One, answer.Ciphertexts.Count)];
            if (answer.Ciphertexts.Count != product.Length)
            {
                throw new CollaborationException($"Threshold HE: '{answer.Site}' sent {answer.Ciphertexts.Count} ciphertexts, the others {product.Length}.");
            }
            for (var i = 0; i < product.Length; i++)
            {
                product[i] = pk.Add(product[i], answer.Ciphertexts[i]);
            }
        }
        if (contributors.Count < Math.Max(2, share.Threshold))
        {
            throw new CollaborationException($"Threshold HE: '{Name}' decrypts only sums over at least {Math.Max(2, share.Threshold)} sites; this one has {contributors.Count}.");
        }
        return [.. product!.AsParallel().AsOrdered().Select(share.Decrypt)];
    }

    private static T Required<T>(T? value, SiteRequest request)
        where T : class =>
        value ?? throw new CollaborationException($"Request '{request.Step}' for aggregation '{request.Aggregation}' is missing its payload.");

    internal static string Fingerprint(BigInteger n) => Convert.ToHexStringLower(SHA256.HashData(n.ToByteArray(isUnsigned: true, isBigEndian: true)))[..16];

    public void Dispose()
    {
        foreach (var training in _trainings.Values)
        {
            training.Dispose();
        }
        foreach (var state in _states.Values)
        {
            state.SecAgg?.Dispose();
            state.Smpc?.Dispose();
        }
        _lock.Dispose();
    }

    private sealed class AggregationState
    {
        public required ulong[] Encoded { get; init; }

        public SecAggParticipant? SecAgg { get; set; }

        public ECDiffieHellman? Smpc { get; set; }

        public List<string>? Roster { get; set; }

        public ulong[]? OwnShare { get; set; }

        public Dictionary<string, byte[]> Peers { get; } = new(StringComparer.Ordinal);
    }
}
