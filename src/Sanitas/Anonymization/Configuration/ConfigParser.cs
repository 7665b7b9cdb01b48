using Sanitas.Configuration;
using Sanitas.Risk;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Anonymization;

/// <summary>Turns the YAML tree of an anonymization configuration into a <see cref="LoadedAnonymizationConfig"/>.</summary>
internal sealed partial class ConfigParser
{
    private static readonly string[] TopKeys =
        ["delimiter", "input", "output", "report", "attributes", "privacy", "suppressionLimit", "metric", "practicalMonotonicity", "search", "timeLimit", "optimalSearchLimit", "risk", "set-valued"];

    private static readonly string[] AttributeKeys = ["role", "hierarchy", "weight", "minLevel", "maxLevel"];

    private static readonly string[] RiskKeys =
        ["threshold", "samplingFraction", "maxHighestProsecutor", "maxAverageProsecutor", "maxRecordsAtRisk", "maxPopulationUniques", "maxAttackAdvantage", "escalate", "maxSteps", "attacks"];

    // Attack kind -> its keys.
    private static readonly Dictionary<string, string[]> AttackKeys = new()
    {
        ["linkage"] = ["name", "quasiIdentifiers", "known", "id", "maxAdvantage"],
        ["inference"] = ["name", "sensitive", "quasiIdentifiers", "known", "id", "maxAdvantage"],
    };

    private static readonly string[] EscalationSteps = ["k", "l", "t", "suppression"];

    private static readonly string[] HierarchyKinds = ["file", "intervals", "dates", "masking", "grouping"];

    private static readonly Dictionary<string, string[]> HierarchyOptions = new()
    {
        ["file"] = ["delimiter", "maxBytes", "maxLineLength"],
        ["intervals"] = ["origin", "bottom", "top"],
        ["dates"] = ["format"],
        ["masking"] = [],
        ["grouping"] = ["top"],
    };

    private static readonly string[] MaskingKeys = ["levels", "direction", "mask", "padding"];

    private static readonly Dictionary<string, AttributeRole> Roles = new()
    {
        ["identifying"] = AttributeRole.Identifying,
        ["quasi-identifier"] = AttributeRole.QuasiIdentifying,
        ["quasi-identifying"] = AttributeRole.QuasiIdentifying,
        ["sensitive"] = AttributeRole.Sensitive,
        ["insensitive"] = AttributeRole.Insensitive,
    };

    private static readonly Dictionary<string, UtilityMetric> Metrics =
        Enum.GetValues<UtilityMetric>().ToDictionary(Anonymizer.MetricName);

    private static readonly Dictionary<string, SearchMode> Searches = new()
    {
        ["auto"] = SearchMode.Auto,
        ["optimal"] = SearchMode.Optimal,
        ["heuristic"] = SearchMode.Heuristic,
        ["lightning"] = SearchMode.Lightning,
        ["genetic"] = SearchMode.Genetic,
    };

    private static readonly Dictionary<string, EntropyEstimator> Estimators = new()
    {
        ["shannon"] = EntropyEstimator.Shannon,
        ["grassberger"] = EntropyEstimator.Grassberger,
    };

    private static readonly Dictionary<string, DateGranularity> Granularities = new()
    {
        ["day"] = DateGranularity.Day,
        ["week"] = DateGranularity.Week,
        ["month"] = DateGranularity.Month,
        ["quarter"] = DateGranularity.Quarter,
        ["year"] = DateGranularity.Year,
        ["decade"] = DateGranularity.Decade,
    };

    private static readonly Dictionary<string, MaskingDirection> Directions = new()
    {
        ["right-to-left"] = MaskingDirection.RightToLeft,
        ["left-to-right"] = MaskingDirection.LeftToRight,
    };

    // Model name -> its parameters; the required ones are checked by each factory.
    private static readonly Dictionary<string, string[]> ModelParameters = new()
    {
        ["k-anonymity"] = ["k"],
        ["distinct-l-diversity"] = ["attribute", "l"],
        ["entropy-l-diversity"] = ["attribute", "l", "estimator"],
        ["recursive-cl-diversity"] = ["attribute", "c", "l"],
        ["equal-distance-t-closeness"] = ["attribute", "t"],
        ["hierarchical-distance-t-closeness"] = ["attribute", "t", "hierarchy"],
        ["ordered-distance-t-closeness"] = ["attribute", "t"],
        ["differential-privacy"] = ["epsilon", "delta", "steps", "searchShare", "score"],
    };

    private readonly ConfigReader _yaml;
    private readonly string _baseDirectory;
    private DifferentialPrivacySettings? _differentialPrivacy;

    public ConfigParser(string sourceName, string baseDirectory)
    {
        _yaml = new ConfigReader(sourceName);
        _baseDirectory = baseDirectory;
    }

    public LoadedAnonymizationConfig Parse(YamlNode root)
    {
        var entries = _yaml.Entries(root, "the configuration", TopKeys);
        var byKey = entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        char? delimiter = byKey.TryGetValue("delimiter", out var d) ? _yaml.Char(d, "delimiter") : null;
        var attributesNode = byKey.GetValueOrDefault("attributes") ?? throw _yaml.Error(root, "missing required key 'attributes'.");
        var privacyNode = byKey.GetValueOrDefault("privacy") ?? throw _yaml.Error(root, "missing required key 'privacy'.");
        var attributes = ParseAttributes(attributesNode);
        var models = ParseModels(privacyNode, attributes);

        var settings = new AnonymizationConfig { Attributes = new Dictionary<string, AttributeSettings>(), Models = [] };
        if (byKey.TryGetValue("suppressionLimit", out var s))
        {
            var limit = _yaml.Double(s, "suppressionLimit");
            if (limit is < 0 or > 1)
            {
                throw _yaml.Error(s, $"'suppressionLimit' must be between 0 and 1, got {limit}.");
            }
            settings = settings with { SuppressionLimit = limit };
        }
        if (byKey.TryGetValue("metric", out var m))
        {
            settings = settings with { Metric = _yaml.Choice(m, "metric", Metrics, "metric") };
        }
        if (byKey.TryGetValue("practicalMonotonicity", out var p))
        {
            settings = settings with { PracticalMonotonicity = _yaml.Bool(p, "practicalMonotonicity") };
        }
        if (byKey.TryGetValue("search", out var search))
        {
            settings = settings with { Search = _yaml.Choice(search, "search", Searches, "search") };
        }
        if (byKey.TryGetValue("timeLimit", out var t))
        {
            var seconds = _yaml.Double(t, "timeLimit");
            if (seconds <= 0)
            {
                throw _yaml.Error(t, $"'timeLimit' must be a positive number of seconds, got {seconds}.");
            }
            settings = settings with { HeuristicTimeLimit = TimeSpan.FromSeconds(seconds) };
        }
        if (byKey.TryGetValue("optimalSearchLimit", out var o))
        {
            var limit = _yaml.Int(o, "optimalSearchLimit");
            if (limit <= 0)
            {
                throw _yaml.Error(o, $"'optimalSearchLimit' must be positive, got {limit}.");
            }
            settings = settings with { OptimalSearchLimit = limit };
        }
        settings = settings with { DifferentialPrivacy = _differentialPrivacy };
        var risk = byKey.TryGetValue("risk", out var r) ? ParseRisk(r) : null;
        return new LoadedAnonymizationConfig(_yaml.SourceName, delimiter, OptionalPath(byKey, "input"), OptionalPath(byKey, "output"), OptionalPath(byKey, "report"),
            attributes, models, settings)
        { Risk = risk, SetValued = byKey.TryGetValue("set-valued", out var sv) ? ParseSetValued(sv) : null };
    }

    private string? OptionalPath(Dictionary<string, YamlNode> byKey, string key) =>
        byKey.TryGetValue(key, out var node) ? Path.GetFullPath(Path.Combine(_baseDirectory, _yaml.String(node, key))) : null;

    private List<ConfiguredAttribute> ParseAttributes(YamlNode node)
    {
        var entries = _yaml.Entries(node, "'attributes'", known: null);
        if (entries.Count == 0)
        {
            throw _yaml.Error(node, "'attributes' must declare at least one attribute.");
        }
        var attributes = new List<ConfiguredAttribute>(entries.Count);
        foreach (var (name, keyNode, value) in entries)
        {
            AttributeRole role;
            HierarchySpec? hierarchy = null;
            var weight = 1d;
            var minLevel = 0;
            int? maxLevel = null;
            if (value is YamlScalarNode)
            {
                // Shorthand: "occupation: sensitive".
                role = _yaml.Choice(value, "role", Roles, "role");
            }
            else
            {
                var settings = _yaml.Entries(value, $"attribute '{name}'", AttributeKeys).ToDictionary(e => e.Key, e => e.Value);
                var roleNode = settings.GetValueOrDefault("role") ?? throw _yaml.Error(keyNode, $"attribute '{name}' needs a 'role' ({string.Join(", ", Roles.Keys)}).");
                role = _yaml.Choice(roleNode, "role", Roles, "role");
                if (settings.TryGetValue("hierarchy", out var h))
                {
                    hierarchy = ParseHierarchy(h);
                }
                foreach (var key in new[] { "weight", "minLevel", "maxLevel" })
                {
                    if (settings.TryGetValue(key, out var n) && role != AttributeRole.QuasiIdentifying)
                    {
                        throw _yaml.Error(n, $"'{key}' applies only to quasi-identifiers; '{name}' is {ConfigName(role)}.");
                    }
                }
                if (settings.TryGetValue("weight", out var w))
                {
                    weight = _yaml.Double(w, "weight");
                    if (!(weight > 0) || double.IsInfinity(weight))
                    {
                        throw _yaml.Error(w, $"'weight' must be a positive number, got {weight}.");
                    }
                }
                if (settings.TryGetValue("minLevel", out var lo))
                {
                    minLevel = _yaml.Int(lo, "minLevel");
                    if (minLevel < 0)
                    {
                        throw _yaml.Error(lo, $"'minLevel' must be 0 or more, got {minLevel}.");
                    }
                }
                if (settings.TryGetValue("maxLevel", out var hi))
                {
                    maxLevel = _yaml.Int(hi, "maxLevel");
                    if (maxLevel < minLevel)
                    {
                        throw _yaml.Error(hi, $"'maxLevel' ({maxLevel}) must not be below 'minLevel' ({minLevel}).");
                    }
                }
            }
            if (role == AttributeRole.QuasiIdentifying && hierarchy is null)
            {
                throw _yaml.Error(keyNode, $"the quasi-identifier '{name}' needs a 'hierarchy' (a file, or a builder: {string.Join(", ", HierarchyKinds.Skip(1))}).");
            }
            attributes.Add(new ConfiguredAttribute(name, role, hierarchy, _yaml.Place(keyNode)) { Weight = weight, MinLevel = minLevel, MaxLevel = maxLevel });
        }
        return attributes;
    }

    private static string ConfigName(AttributeRole role) => Roles.First(r => r.Value == role).Key;

    private HierarchySpec ParseHierarchy(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            return ReadHierarchyFile(node, _yaml.String(node, "hierarchy"), HierarchyReader.DefaultDelimiter, HierarchyFileLimits.Default);
        }
        var entries = _yaml.Entries(node, "'hierarchy'", [.. HierarchyKinds, .. HierarchyOptions.Values.SelectMany(o => o).Distinct()]);
        var kinds = entries.Where(e => HierarchyKinds.Contains(e.Key)).ToList();
        if (kinds.Count != 1)
        {
            var found = kinds.Count == 0 ? "none" : string.Join(", ", kinds.Select(k => k.Key));
            throw _yaml.Error(node, $"a hierarchy needs exactly one of {string.Join(", ", HierarchyKinds)}; found {found}.");
        }
        var (kind, _, spec) = kinds[0];
        var options = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in entries.Where(e => !HierarchyKinds.Contains(e.Key)))
        {
            if (!HierarchyOptions[kind].Contains(key))
            {
                throw _yaml.Error(keyNode, $"'{key}' does not apply to a {kind} hierarchy; it takes: {(HierarchyOptions[kind].Length == 0 ? "no options" : string.Join(", ", HierarchyOptions[kind]))}.");
            }
            options[key] = value;
        }
        var place = _yaml.Place(node);
        try
        {
            return kind switch
            {
                "file" => ReadHierarchyFile(spec, _yaml.String(spec, "file"),
                    options.TryGetValue("delimiter", out var d) ? _yaml.Char(d, "delimiter") : HierarchyReader.DefaultDelimiter,
                    FileLimits(options)),
                "intervals" => IntervalBuilder(place, spec, options),
                "dates" => DateBuilder(place, spec, options),
                "masking" => MaskingBuilder(place, spec),
                _ => GroupingBuilder(place, spec, options),
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOptionException)
        {
            throw place.Error($"invalid {kind} hierarchy: {e.Message}", e);
        }
    }

    private HierarchyFileLimits FileLimits(Dictionary<string, YamlNode> options)
    {
        var limits = HierarchyFileLimits.Default;
        if (options.TryGetValue("maxBytes", out var bytes))
        {
            limits = limits with { MaxBytes = Positive(bytes, "maxBytes") };
        }
        if (options.TryGetValue("maxLineLength", out var line))
        {
            limits = limits with { MaxLineLength = (int)Math.Min(int.MaxValue, Positive(line, "maxLineLength")) };
        }
        return limits;
    }

    private long Positive(YamlNode node, string name)
    {
        var value = _yaml.Double(node, name);
        return value >= 1 && value <= long.MaxValue && value == Math.Floor(value)
            ? (long)value
            : throw _yaml.Error(node, $"'{name}' must be a positive whole number.");
    }

    /// <summary>Reads a hierarchy file named relative to the configuration's folder (absolute paths are taken as they are).</summary>
    private HierarchySpec ReadHierarchyFile(YamlNode node, string file, char delimiter, HierarchyFileLimits limits)
    {
        var path = Path.GetFullPath(Path.Combine(_baseDirectory, file));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw _yaml.Error(node, $"hierarchy file not found: {path}");
        }
        try
        {
            return HierarchySpec.FromFile(_yaml.Place(node), path, HierarchyReader.Read(path, delimiter, limits));
        }
        catch (Exception e) when (e is HierarchyException or IOException or UnauthorizedAccessException)
        {
            throw _yaml.Error(node, e.Message, e);
        }
    }

    private HierarchySpec IntervalBuilder(ConfigPlace place, YamlNode spec, Dictionary<string, YamlNode> options)
    {
        var widths = _yaml.Sequence(spec, "intervals").Select(w => _yaml.Decimal(w, "intervals")).ToList();
        if (widths.Count == 0)
        {
            throw _yaml.Error(spec, "'intervals' needs at least one width.");
        }
        var builder = new IntervalHierarchyBuilder(widths)
        {
            Origin = options.TryGetValue("origin", out var o) ? _yaml.Decimal(o, "origin") : 0,
            Bottom = options.TryGetValue("bottom", out var b) ? _yaml.Decimal(b, "bottom") : null,
            Top = options.TryGetValue("top", out var t) ? _yaml.Decimal(t, "top") : null,
        };
        if (builder.Bottom is { } bottom && builder.Top is { } top && bottom >= top)
        {
            throw place.Error($"invalid intervals hierarchy: 'bottom' ({bottom}) must be below 'top' ({top}).");
        }
        return HierarchySpec.FromBuilder(place, "intervals", builder.Build);
    }

    private HierarchySpec DateBuilder(ConfigPlace place, YamlNode spec, Dictionary<string, YamlNode> options)
    {
        var builder = ConfigReader.IsNull(spec) || spec is YamlMappingNode { Children.Count: 0 }
            ? new DateHierarchyBuilder()
            : new DateHierarchyBuilder(_yaml.Sequence(spec, "dates").Select(l => _yaml.Choice(l, "dates", Granularities, "date level")));
        if (options.TryGetValue("format", out var f))
        {
            builder = new DateHierarchyBuilder(builder.Levels) { Format = _yaml.String(f, "format") };
        }
        return HierarchySpec.FromBuilder(place, "dates", builder.Build);
    }

    private HierarchySpec MaskingBuilder(ConfigPlace place, YamlNode spec)
    {
        var settings = _yaml.Entries(spec, "'masking'", MaskingKeys).ToDictionary(e => e.Key, e => e.Value);
        var builder = new MaskingHierarchyBuilder
        {
            MaskedCharacters = settings.TryGetValue("levels", out var l) ? _yaml.Sequence(l, "levels").Select(n => _yaml.Int(n, "levels")).ToArray() : null,
            Direction = settings.TryGetValue("direction", out var d) ? _yaml.Choice(d, "direction", Directions, "masking direction") : MaskingDirection.RightToLeft,
            MaskCharacter = settings.TryGetValue("mask", out var m) ? _yaml.Char(m, "mask") : '*',
            PaddingCharacter = settings.TryGetValue("padding", out var p) ? _yaml.Char(p, "padding") : null,
        };
        return HierarchySpec.FromBuilder(place, "masking", builder.Build);
    }

    private HierarchySpec GroupingBuilder(ConfigPlace place, YamlNode spec, Dictionary<string, YamlNode> options)
    {
        var levels = new List<IReadOnlyDictionary<string, string>>();
        foreach (var level in _yaml.Sequence(spec, "grouping"))
        {
            var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (value, keyNode, group) in _yaml.Entries(level, "a grouping level", known: null))
            {
                if (!mapping.TryAdd(value, _yaml.String(group, value)))
                {
                    throw _yaml.Error(keyNode, $"'{value}' is grouped twice in this level.");
                }
            }
            levels.Add(mapping);
        }
        var builder = new GroupingHierarchyBuilder(levels)
        {
            Top = options.TryGetValue("top", out var t) ? _yaml.String(t, "top") : "*",
        };
        return HierarchySpec.FromBuilder(place, "grouping", builder.Build);
    }

    private List<ConfiguredModel> ParseModels(YamlNode node, List<ConfiguredAttribute> attributes)
    {
        var items = _yaml.Sequence(node, "privacy");
        if (items.Children.Count == 0)
        {
            throw _yaml.Error(node, "'privacy' must list at least one privacy model.");
        }
        var models = new List<ConfiguredModel>(items.Children.Count);
        foreach (var item in items)
        {
            // "- k-anonymity: { k: 5 }" is a one-entry mapping.
            var entries = _yaml.Entries(item, "a privacy model", known: null);
            if (entries.Count != 1)
            {
                throw _yaml.Error(item, $"each privacy entry names one model, as '- k-anonymity: {{ k: 5 }}'; found {entries.Count}.");
            }
            var (name, keyNode, parameters) = entries[0];
            if (!ModelParameters.TryGetValue(name, out var known))
            {
                throw _yaml.Error(keyNode, $"unknown privacy model '{name}'; expected one of: {string.Join(", ", ModelParameters.Keys)}.");
            }
            var values = _yaml.Entries(parameters, name, known).ToDictionary(e => e.Key, e => e.Value);
            if (name == "differential-privacy")
            {
                _differentialPrivacy = ParseDifferentialPrivacy(keyNode, values);
                continue;
            }
            models.Add(ParseModel(name, keyNode, values, attributes));
        }
        if (_differentialPrivacy is not null && models.Count > 0)
        {
            throw _yaml.Error(node, $"differential-privacy cannot be combined with other privacy models ({string.Join(", ", models.Select(m => m.Name))}): SafePub derives its own k from epsilon and delta.");
        }
        return models;
    }

    private ConfiguredModel ParseModel(string name, YamlScalarNode keyNode, Dictionary<string, YamlNode> values, List<ConfiguredAttribute> attributes)
    {
        var place = _yaml.Place(keyNode);
        YamlNode Required(string parameter) =>
            values.GetValueOrDefault(parameter) ?? throw place.Error($"{name} needs the parameter '{parameter}'.");

        string? attribute = null;
        ConfiguredAttribute? declared = null;
        if (name != "k-anonymity")
        {
            var attributeNode = Required("attribute");
            attribute = _yaml.String(attributeNode, "attribute");
            declared = attributes.Find(a => a.Name == attribute)
                ?? throw _yaml.Error(attributeNode, $"{name} names the attribute '{attribute}', which is not declared under 'attributes' (declared: {string.Join(", ", attributes.Select(a => a.Name))}).");
        }

        if (name == "hierarchical-distance-t-closeness")
        {
            var t = _yaml.Double(Required("t"), "t");
            var spec = values.TryGetValue("hierarchy", out var h)
                ? ParseHierarchy(h)
                : declared!.Hierarchy ?? throw place.Error($"{name} needs the parameter 'hierarchy' (the attribute '{attribute}' declares none).");
            return new ConfiguredModel(name, attribute, place, resolve => Validated(place, new HierarchicalDistanceTCloseness(attribute!, t, resolve(spec))));
        }

        PrivacyModel model = name switch
        {
            "k-anonymity" => new KAnonymity(_yaml.Int(Required("k"), "k")),
            "distinct-l-diversity" => new DistinctLDiversity(attribute!, _yaml.Int(Required("l"), "l")),
            "entropy-l-diversity" => new EntropyLDiversity(attribute!, _yaml.Double(Required("l"), "l"),
                values.TryGetValue("estimator", out var e) ? _yaml.Choice(e, "estimator", Estimators, "entropy estimator") : EntropyEstimator.Shannon),
            "recursive-cl-diversity" => new RecursiveCLDiversity(attribute!, _yaml.Double(Required("c"), "c"), _yaml.Int(Required("l"), "l")),
            "equal-distance-t-closeness" => new EqualDistanceTCloseness(attribute!, _yaml.Double(Required("t"), "t")),
            _ => new OrderedDistanceTCloseness(attribute!, _yaml.Double(Required("t"), "t")),
        };
        Validated(place, model);
        return new ConfiguredModel(name, attribute, place, _ => model);
    }

    private static PrivacyModel Validated(ConfigPlace place, PrivacyModel model)
    {
        try
        {
            model.Validate();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOptionException)
        {
            throw place.Error(e.Message, e);
        }
        return model;
    }
}
