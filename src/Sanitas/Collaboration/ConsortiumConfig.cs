using System.Globalization;
using Sanitas.Privacy.Renyi;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Collaboration;

/// <summary>
/// A consortium: its centres with their URLs and pinned keys, the coordinator's pinned key, the data
/// columns, and the protocol with its settings. Read from YAML; every error names the file, line and key.
/// </summary>
public sealed record ConsortiumConfig
{
    /// <summary>The coordinator's name (the signer of every request).</summary>
    public string CoordinatorName { get; init; } = "coordinator";

    /// <summary>The coordinator's pinned public key.</summary>
    public required string CoordinatorPublicKeyPem { get; init; }

    /// <summary>The coordinator's private key file (only the coordinator reads it).</summary>
    public string? CoordinatorIdentityPath { get; init; }

    /// <summary>The centres.</summary>
    public required IReadOnlyList<ConsortiumSite> Sites { get; init; }

    /// <summary>The protocol.</summary>
    public FederationProtocol Protocol { get; init; } = FederationProtocol.SecAgg;

    /// <summary>The numeric feature columns every centre's CSV has.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The 0/1 label column.</summary>
    public string Label { get; init; } = "y";

    /// <summary>The label value that counts as 1.</summary>
    public string Positive { get; init; } = "1";

    /// <summary>Folds of the cross-validation (0: only the final fit).</summary>
    public int Folds { get; init; } = 10;

    /// <summary>The fold assignment's seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>FedAvg/FedProx rounds, or the most Newton iterations.</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>FedAvg local epochs.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>
    /// The model: <c>logistic</c> or <c>mlp</c> (a multilayer perceptron). The MLP is trained by FedAvg rounds whatever the
    /// protocol: fedavg/fedprox send each centre's update in the clear (optionally with <see cref="Dp"/>); secagg, smpc and
    /// threshold-he only change how the updates are summed, so the coordinator sees each round's average model, never one
    /// centre's update.
    /// </summary>
    public string Model { get; init; } = "logistic";

    /// <summary>The multilayer perceptron's hidden layer sizes (model mlp).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [16];

    /// <summary>smpc: the secure training's steps, fixed in advance (a data-dependent stopping rule would open a bit per step): 3 with Böhning's bound, the rest with the exact Hessian at the third iterate (see SecureLogisticTraining).</summary>
    public int Iterations { get; init; } = 7;

    /// <summary>FedAvg local learning rate.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>FedProx μ.</summary>
    public double Mu { get; init; } = 0.01;

    /// <summary>t: the fewest centres whose answers complete an aggregation (secure aggregation, threshold decryption).</summary>
    public int Threshold { get; init; } = 2;

    /// <summary>How long to wait for one answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after a timeout or a connection failure, with doubling back-off.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Bins of the pooled score histogram the AUC comes from; null: 1024, or 112 for threshold-he (each bin is encrypted: with up to 4 sites of up to 32,767 rows, 224 counts fill two 2048-bit ciphertexts).</summary>
    public int? Bins { get; init; }

    /// <summary>The bins in use.</summary>
    public int EffectiveBins => Bins ?? (Protocol == FederationProtocol.ThresholdHe ? 112 : 1024);

    /// <summary>The threshold Paillier modulus size.</summary>
    public int KeyBits { get; init; } = 2048;

    /// <summary>Central DP-FedAvg, or null for none.</summary>
    public DpFedAvgSettings? Dp { get; init; }

    /// <summary>The pinned keys of every site and of the coordinator.</summary>
    /// <returns>A fresh set.</returns>
    public PinnedKeys PinnedKeys()
    {
        var pinned = new PinnedKeys();
        pinned.Add(CoordinatorName, CoordinatorPublicKeyPem, "coordinator");
        foreach (var site in Sites)
        {
            pinned.Add(site.Name, site.PublicKeyPem, $"site '{site.Name}'");
        }
        return pinned;
    }

    /// <summary>The protocol's name in the file and reports.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <returns>fedavg, fedprox, secagg, smpc or threshold-he.</returns>
    public static string ProtocolName(FederationProtocol protocol) => protocol switch
    {
        FederationProtocol.FedAvg => "fedavg",
        FederationProtocol.FedProx => "fedprox",
        FederationProtocol.SecAgg => "secagg",
        FederationProtocol.Smpc => "smpc",
        _ => "threshold-he",
    };

    /// <summary>Parses a protocol name.</summary>
    /// <param name="name">fedavg, fedprox, secagg, smpc or threshold-he.</param>
    /// <returns>The protocol, or null if unknown.</returns>
    public static FederationProtocol? ParseProtocol(string name) => name switch
    {
        "fedavg" => FederationProtocol.FedAvg,
        "fedprox" => FederationProtocol.FedProx,
        "secagg" => FederationProtocol.SecAgg,
        "smpc" => FederationProtocol.Smpc,
        "threshold-he" => FederationProtocol.ThresholdHe,
        _ => null,
    };

    /// <summary>Checks the settings on metadata alone (before any site is contacted or charged).</summary>
    /// <exception cref="CollaborationException">The first problem, named.</exception>
    public void Validate()
    {
        if (Sites.Count < 2)
        {
            throw new CollaborationException("A consortium needs at least two sites.");
        }
        if (Sites.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != Sites.Count)
        {
            throw new CollaborationException("Site names must be distinct.");
        }
        if (Features.Count == 0)
        {
            throw new CollaborationException("'features' must list at least one column.");
        }
        if (Folds == 1 || Folds < 0 || Folds > 100)
        {
            throw new CollaborationException($"'folds' must be 0 (no cross-validation) or in [2, 100]; got {Folds}.");
        }
        if (Threshold < 2 || Threshold > Sites.Count)
        {
            throw new CollaborationException($"'threshold' must be in [2, {Sites.Count}] (the number of sites); got {Threshold}.");
        }
        if (Model is not ("logistic" or "mlp"))
        {
            throw new CollaborationException($"'model' must be logistic or mlp; got '{Model}'.");
        }
        if (Hidden.Count is < 1 or > 8 || Hidden.Any(h => h is < 1 or > 1024))
        {
            throw new CollaborationException("'hidden' must list 1 to 8 layer sizes, each 1 to 1,024 units.");
        }
        if (Iterations is < 1 or > 500)
        {
            throw new CollaborationException($"'iterations' must be in [1, 500]; got {Iterations}.");
        }
        if (Rounds < 1 || LocalEpochs < 1 || !(LearningRate > 0) || Mu < 0 || Retries < 0 || EffectiveBins < 2)
        {
            throw new CollaborationException("'rounds' and 'localEpochs' must be at least 1, 'learningRate' positive, 'mu' and 'retries' non-negative, 'bins' at least 2.");
        }
        if (Dp is { } dp)
        {
            if (Protocol is not (FederationProtocol.FedAvg or FederationProtocol.FedProx))
            {
                throw new CollaborationException("'dp' applies to protocol fedavg (central DP-FedAvg); the secure protocols release the exact fit.");
            }
            if (Folds != 0)
            {
                throw new CollaborationException("'dp' needs 'folds: 0': cross-validated AUCs are computed on the private rows and are not differentially private.");
            }
            // Validates q, σ, δ through the accountant's own checks.
            _ = RenyiAccountant.Epsilon(dp.SamplingRate, dp.NoiseMultiplier, DpSteps, dp.Delta);
            if (!(dp.ClippingNorm > 0) || !(dp.LearningRate > 0) || !(dp.ExpectedBatchSize >= 1))
            {
                throw new CollaborationException("'dp.clippingNorm', 'dp.learningRate' must be positive and 'dp.batchSize' (the declared expected batch, q times the declared rows) at least 1.");
            }
        }
    }

    /// <summary>The DP steps each centre answers: rounds, times the local steps with per-site DP-SGD.</summary>
    internal long DpSteps => Dp is { PerSite: true } ? (long)Rounds * LocalEpochs : Rounds;

    /// <summary>Reads a consortium file; relative key paths are relative to the file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The validated configuration.</returns>
    public static ConsortiumConfig Load(string path)
    {
        var source = Path.GetFileName(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new CollaborationException($"{source}, line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new CollaborationException($"{source}: the consortium file must be a mapping (key: value).");
        }
        var r = new Reader(source, directory);
        string[] known = ["coordinator", "sites", "protocol", "features", "label", "positive", "folds", "seed", "rounds", "iterations", "model", "hidden", "localEpochs", "learningRate", "mu", "threshold", "timeoutSeconds", "retries", "bins", "keyBits", "dp"];
        var values = r.Map(root, "the consortium file", known);
        var coordinator = r.Map(r.Get(values, root, "coordinator"), "coordinator", ["name", "publicKey", "identity"]);
        var config = new ConsortiumConfig
        {
            CoordinatorName = coordinator.TryGetValue("name", out var cn) ? r.Text(cn, "coordinator.name") : "coordinator",
            CoordinatorPublicKeyPem = r.Pem(r.Get(coordinator, root, "publicKey"), "coordinator.publicKey"),
            CoordinatorIdentityPath = coordinator.TryGetValue("identity", out var ci) ? Path.GetFullPath(r.Text(ci, "coordinator.identity"), directory) : null,
            Sites = r.Sites(r.Get(values, root, "sites")),
            Features = r.Strings(r.Get(values, root, "features"), "features"),
            Protocol = values.TryGetValue("protocol", out var p) ? ParseProtocol(r.Text(p, "protocol")) ?? throw r.Error(p, "'protocol' must be fedavg, fedprox, secagg, smpc or threshold-he.") : FederationProtocol.SecAgg,
            Label = values.TryGetValue("label", out var l) ? r.Text(l, "label") : "y",
            Positive = values.TryGetValue("positive", out var pos) ? r.Text(pos, "positive") : "1",
            Folds = r.Int(values, "folds", 10),
            Seed = r.Int(values, "seed", 1),
            Rounds = r.Int(values, "rounds", 100),
            Iterations = r.Int(values, "iterations", 7),
            Model = values.TryGetValue("model", out var model) ? r.Text(model, "model") : "logistic",
            Hidden = values.TryGetValue("hidden", out var hidden) ? r.Ints(hidden, "hidden") : [16],
            LocalEpochs = r.Int(values, "localEpochs", 1),
            LearningRate = r.Number(values, "learningRate", 1.0),
            Mu = r.Number(values, "mu", 0.01),
            Threshold = r.Int(values, "threshold", 2),
            Timeout = TimeSpan.FromSeconds(r.Number(values, "timeoutSeconds", 60)),
            Retries = r.Int(values, "retries", 2),
            Bins = values.ContainsKey("bins") ? r.Int(values, "bins", 1024) : null,
            KeyBits = r.Int(values, "keyBits", 2048),
            Dp = values.TryGetValue("dp", out var dpNode) ? r.Dp(dpNode) : null,
        };
        try
        {
            config.Validate();
        }
        catch (CollaborationException e)
        {
            throw new CollaborationException($"{source}: {e.Message}", e);
        }
        return config;
    }

    private sealed class Reader(string source, string directory)
    {
        public CollaborationException Error(YamlNode node, string message) =>
            new($"{source}, line {node.Start.Line}, column {node.Start.Column}: {message}");

        public Dictionary<string, YamlNode> Map(YamlNode node, string what, string[] known)
        {
            if (node is not YamlMappingNode mapping)
            {
                throw Error(node, $"{what} must be a mapping (key: value).");
            }
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (key, value) in mapping.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? throw Error(key, $"{what}: keys must be names.");
                if (!known.Contains(name))
                {
                    throw Error(key, $"unknown key '{name}' in {what}; expected one of: {string.Join(", ", known)}.");
                }
                result[name] = value;
            }
            return result;
        }

        public YamlNode Get(Dictionary<string, YamlNode> map, YamlNode parent, string key) =>
            map.TryGetValue(key, out var node) ? node : throw Error(parent, $"missing key '{key}'.");

        public string Text(YamlNode node, string name) =>
            node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(node, $"'{name}' must be a text value.");

        public int Int(Dictionary<string, YamlNode> map, string key, int fallback) =>
            !map.TryGetValue(key, out var node) ? fallback
            : int.TryParse(Text(node, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw Error(node, $"'{key}' must be a whole number.");

        public double Number(Dictionary<string, YamlNode> map, string key, double fallback) =>
            !map.TryGetValue(key, out var node) ? fallback
            : double.TryParse(Text(node, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
            : throw Error(node, $"'{key}' must be a number.");

        public IReadOnlyList<string> Strings(YamlNode node, string name) =>
            node is YamlSequenceNode list ? [.. list.Children.Select(c => Text(c, name))] : throw Error(node, $"'{name}' must be a list.");

        public IReadOnlyList<int> Ints(YamlNode node, string name) =>
            node is YamlSequenceNode list
                ? [.. list.Children.Select(c => int.TryParse(Text(c, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Error(c, $"'{name}' must list whole numbers."))]
                : throw Error(node, $"'{name}' must be a list of whole numbers, e.g. [16] or [32, 16].");

        /// <summary>A PEM given inline, or a path to a PEM file (relative to the consortium file).</summary>
        public string Pem(YamlNode node, string name)
        {
            var text = Text(node, name);
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                return text;
            }
            var file = Path.GetFullPath(text, directory);
            return File.Exists(file) ? File.ReadAllText(file) : throw Error(node, $"'{name}': no key file '{text}'.");
        }

        public IReadOnlyList<ConsortiumSite> Sites(YamlNode node)
        {
            if (node is not YamlSequenceNode list)
            {
                throw Error(node, "'sites' must be a list of {name, url, publicKey}.");
            }
            var sites = new List<ConsortiumSite>();
            foreach (var item in list.Children)
            {
                var map = Map(item, "a site", ["name", "url", "publicKey"]);
                var name = Text(Get(map, item, "name"), "name");
                var urlNode = Get(map, item, "url");
                if (!Uri.TryCreate(Text(urlNode, "url"), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    throw Error(urlNode, $"site '{name}': 'url' must be an http(s) URL.");
                }
                sites.Add(new ConsortiumSite(name, url, Pem(Get(map, item, "publicKey"), $"{name}.publicKey")));
            }
            return sites;
        }

        public DpFedAvgSettings Dp(YamlNode node)
        {
            var map = Map(node, "dp", ["noiseMultiplier", "clippingNorm", "samplingRate", "delta", "learningRate", "batchSize", "mode"]);
            var mode = map.TryGetValue("mode", out var m) ? Text(m, "dp.mode") : "central";
            if (mode is not ("central" or "site"))
            {
                throw Error(m!, "'dp.mode' must be central (noise added by the coordinator) or site (per-site DP-SGD).");
            }
            if (!map.ContainsKey("batchSize"))
            {
                throw Error(node, "'dp' needs 'batchSize': the declared expected batch size (the row count is not read from the data).");
            }
            return new DpFedAvgSettings(Number(map, "noiseMultiplier", 1.0), Number(map, "clippingNorm", 1.0), Number(map, "samplingRate", 1.0),
                Number(map, "delta", 1e-5), Number(map, "learningRate", 1.0), Number(map, "batchSize", 1))
            {
                PerSite = mode == "site",
            };
        }
    }
}
