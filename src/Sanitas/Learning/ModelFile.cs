using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// Reads and writes a <see cref="TrainedModel"/> as JSON: <c>model</c>, <c>mechanism</c>, <c>private</c>
/// (true: every number is DP or public) or <c>notPrivate</c> (a label), <c>privacy</c> (the neighbouring
/// relation, the composed <c>cost</c> that the ledger was charged, its <c>shares</c>, the
/// <c>experimental</c> guarantees opted into), <c>epsilon</c> and <c>delta</c> (the composed cost),
/// <c>rows</c> (the n used, with its <c>source</c>: declared-public, dp-estimate or exact-not-private),
/// <c>metrics</c> (with their <c>source</c>: test-set, dp-holdout or cross-validation-not-private),
/// <c>coefficients</c> (named, in the columns' units), <c>intercept</c>, and what prediction needs
/// (<c>target</c>, <c>features</c> with their encodings, <c>weights</c>, <c>naiveBayes</c> or
/// <c>network</c>). For the mlp model <c>coefficients</c> is empty, <c>intercept</c> null, <c>weights</c>
/// empty, and <c>network</c> holds <c>layerSizes</c>, <c>activation</c> and <c>parameters</c>
/// (see <see cref="NetworkParameters"/>). <c>missing</c> records the missing-value policy of training
/// (<c>error</c>, <c>drop</c>, <c>impute-public</c>) and, for impute-public, each feature's declared public value
/// (<c>values</c>), which prediction uses; a file without it is read as <c>error</c>.
/// Writing is atomic: a temporary file in the same folder, then a rename.
/// </summary>
public static class ModelFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The model as JSON text.</summary>
    public static string ToJson(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var release = model.Release;
        var root = new JsonObject
        {
            ["model"] = model.Model,
            ["mechanism"] = model.Mechanism,
            ["private"] = release.IsPrivate,
        };
        if (release.IsPrivate)
        {
            root["privacy"] = new JsonObject
            {
                ["neighbouring"] = ModelRelease.Neighbouring,
                ["cost"] = Cost(release.Cost!),
                ["shares"] = new JsonArray([.. release.Shares.Select(s => (JsonNode?)Share(s))]),
                ["experimental"] = new JsonArray([.. release.Experimental.Select(e => (JsonNode?)e)]),
            };
        }
        else
        {
            root["notPrivate"] = ModelRelease.NotPrivateLabel;
        }
        root["epsilon"] = model.Epsilon;
        root["delta"] = model.Delta;
        root["coefficients"] = new JsonObject(model.Coefficients.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value)));
        root["intercept"] = model.Intercept is { } i ? JsonValue.Create(i) : null;
        if (release.Rows is { } rows)
        {
            root["rows"] = new JsonObject { ["value"] = rows.Value, ["source"] = rows.Source };
        }
        if (release.Metrics is { } metrics)
        {
            root["metrics"] = new JsonObject
            {
                ["source"] = metrics.Source,
                ["description"] = metrics.Description,
                ["values"] = new JsonObject(metrics.Values.Select(m => KeyValuePair.Create(m.Key, double.IsFinite(m.Value) ? (JsonNode?)m.Value : null))),
            };
        }
        var missing = new JsonObject { ["policy"] = PolicyName(model.Missing) };
        if (model.Imputed is { } imputed)
        {
            missing["values"] = new JsonObject(imputed.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }
        root["missing"] = missing;
        root["target"] = Encode(model.Target);
        root["features"] = new JsonArray([.. model.Features.Select(f => (JsonNode?)Encode(f))]);
        root["weights"] = new JsonArray([.. model.Weights.Select(w => (JsonNode?)w)]);
        if (model.NaiveBayes is { } nb)
        {
            root["naiveBayes"] = new JsonObject
            {
                ["priors"] = new JsonArray([.. nb.Priors.Select(p => (JsonNode?)p)]),
                ["means"] = new JsonArray([.. nb.Means.Select(m => (JsonNode?)new JsonArray([.. m.Select(v => (JsonNode?)v)]))]),
                ["variances"] = new JsonArray([.. nb.Variances.Select(m => (JsonNode?)new JsonArray([.. m.Select(v => (JsonNode?)v)]))]),
            };
        }
        if (model.Network is { } network)
        {
            root["network"] = new JsonObject
            {
                ["layerSizes"] = new JsonArray([.. network.LayerSizes.Select(v => (JsonNode?)v)]),
                ["activation"] = network.Activation.ToString().ToLowerInvariant(),
                ["outputActivation"] = "sigmoid",
                ["parameters"] = new JsonArray([.. network.Parameters.Select(v => (JsonNode?)v)]),
            };
        }
        return root.ToJsonString(Indented);
    }

    private static string PolicyName(MissingValuePolicy policy) => policy switch
    {
        MissingValuePolicy.Drop => "drop",
        MissingValuePolicy.ImputePublic => "impute-public",
        _ => "error",
    };

    private static MissingValuePolicy ReadPolicy(string name) => name switch
    {
        "error" => MissingValuePolicy.Error,
        "drop" => MissingValuePolicy.Drop,
        "impute-public" => MissingValuePolicy.ImputePublic,
        _ => throw new FormatException($"unknown missing-value policy '{name}' (error, drop or impute-public)"),
    };

    private static JsonObject Cost(PrivacyCost cost) => new()
    {
        ["epsilon"] = TrainingPlan.EpsilonOf(cost),
        ["delta"] = TrainingPlan.DeltaOf(cost),
        ["measure"] = cost is ApproximateDp ? "approximate-dp" : "pure-dp",
    };

    private static JsonObject Share(PrivacyShare share)
    {
        var o = Cost(share.Cost);
        o["release"] = share.Release;
        return o;
    }

    private static PrivacyCost ReadCost(JsonNode node) =>
        node["measure"]?.GetValue<string>() == "approximate-dp"
            ? new ApproximateDp(Required(node.AsObject(), "epsilon").GetValue<double>(), Required(node.AsObject(), "delta").GetValue<double>())
            : new PureDp(Required(node.AsObject(), "epsilon").GetValue<double>());

    /// <summary>Writes the model atomically (temporary file, then rename); an existing file is replaced only when the new one is complete.</summary>
    public static void Save(TrainedModel model, string path)
    {
        var json = ToJson(model);
        WriteAtomically(path, json);
    }

    /// <summary>Writes text to a file atomically: a temporary file in the same folder, then a rename.</summary>
    public static void WriteAtomically(string path, string text)
    {
        Sanitas.Data.AtomicFile.WriteAllText(path, text);
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="LearningException">The file is not a model file; the message names what is wrong.</exception>
    public static TrainedModel Load(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            return Parse(text);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException or ArgumentException)
        {
            throw new LearningException($"{Path.GetFileName(path)}: not a Sanitas model file ({e.Message}).", e);
        }
    }

    private static TrainedModel Parse(string text)
    {
        var root = JsonNode.Parse(text)?.AsObject() ?? throw new FormatException("empty document");
        NaiveBayesParameters? nb = null;
        if (root["naiveBayes"] is JsonObject nbNode)
        {
            nb = new NaiveBayesParameters(
                Doubles(nbNode["priors"]!),
                [.. nbNode["means"]!.AsArray().Select(a => (IReadOnlyList<double>)Doubles(a!))],
                [.. nbNode["variances"]!.AsArray().Select(a => (IReadOnlyList<double>)Doubles(a!))]);
        }
        NetworkParameters? network = null;
        if (root["network"] is JsonObject netNode)
        {
            var activation = Required(netNode, "activation").GetValue<string>();
            network = new NetworkParameters(
                [.. Required(netNode, "layerSizes").AsArray().Select(v => v!.GetValue<int>())],
                Enum.TryParse<Neural.Activation>(activation, ignoreCase: true, out var a) ? a : throw new FormatException($"unknown activation '{activation}'"),
                Doubles(Required(netNode, "parameters")));
            network.ToNetwork();
        }
        var isPrivate = root["private"]?.GetValue<bool>() ?? false;
        ModelRelease release;
        RowCount? rows = root["rows"] is JsonObject r
            ? new RowCount(Required(r, "value").GetValue<double>(), Required(r, "source").GetValue<string>())
            : null;
        MetricsReport? metrics = root["metrics"] is JsonObject m
            ? new MetricsReport(Required(m, "source").GetValue<string>(),
                Required(m, "values").AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<double>() ?? double.NaN),
                m["description"]?.GetValue<string>() ?? "")
            : null;
        if (isPrivate)
        {
            var privacy = Required(root, "privacy").AsObject();
            release = new ModelRelease(true, ReadCost(Required(privacy, "cost")),
                [.. Required(privacy, "shares").AsArray().Select(s => new PrivacyShare(Required(s!.AsObject(), "release").GetValue<string>(), ReadCost(s!)))],
                [.. (privacy["experimental"]?.AsArray() ?? []).Select(e => e!.GetValue<string>())], rows, metrics);
        }
        else
        {
            release = ModelRelease.NotPrivate(rows, metrics);
        }
        var policy = MissingValuePolicy.Error;
        Dictionary<string, string>? imputed = null;
        if (root["missing"] is JsonObject missing)
        {
            policy = ReadPolicy(Required(missing, "policy").GetValue<string>());
            if (policy == MissingValuePolicy.ImputePublic)
            {
                imputed = Required(missing, "values").AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
            }
        }
        var features = Required(root, "features").AsArray().Select(f => Decode(f!)).ToArray();
        if (imputed is not null && features.FirstOrDefault(f => !imputed.ContainsKey(f.Column)) is { } without)
        {
            throw new FormatException($"'missing' is impute-public but has no value for feature '{without.Column}'");
        }
        return new TrainedModel(
            Required(root, "model").GetValue<string>(), Required(root, "mechanism").GetValue<string>(),
            features, Decode(Required(root, "target")),
            Doubles(Required(root, "weights")), nb, network, release)
        {
            Missing = policy,
            Imputed = imputed,
        };
    }

    private static JsonNode Required(JsonObject o, string name) => o[name] ?? throw new FormatException($"'{name}' is missing");

    private static double[] Doubles(JsonNode node) => [.. node.AsArray().Select(v => v!.GetValue<double>())];

    private static JsonObject Encode(EncodedColumn c)
    {
        var o = new JsonObject { ["column"] = c.Column };
        if (c.Categories is { } categories)
        {
            o["categories"] = new JsonArray([.. categories.Select(v => (JsonNode?)v)]);
        }
        else
        {
            o["center"] = c.Center;
            o["scale"] = c.Scale;
            o["clamp"] = c.Clamp;
        }
        return o;
    }

    private static EncodedColumn Decode(JsonNode node)
    {
        var o = node.AsObject();
        var name = Required(o, "column").GetValue<string>();
        if (o["categories"] is JsonArray categories)
        {
            return new EncodedColumn(name, 0, 1, false, [.. categories.Select(c => c!.GetValue<string>())]);
        }
        var scale = Required(o, "scale").GetValue<double>();
        return scale > 0 && double.IsFinite(scale)
            ? new EncodedColumn(name, Required(o, "center").GetValue<double>(), scale, o["clamp"]?.GetValue<bool>() ?? false, null)
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"the scale of '{name}' must be positive, got {scale}"));
    }
}
