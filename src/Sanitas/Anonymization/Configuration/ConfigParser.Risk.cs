using Sanitas.Configuration;
using Sanitas.Risk;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Anonymization;

/// <summary>The <c>risk:</c> section of an anonymization configuration: thresholds, escalation and attacks.</summary>
internal sealed partial class ConfigParser
{
    private RiskSettings ParseRisk(YamlNode node)
    {
        var values = _yaml.Entries(node, "'risk'", RiskKeys).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        double? Fraction(string key, bool zeroAllowed = true)
        {
            if (!values.TryGetValue(key, out var v))
            {
                return null;
            }
            var value = _yaml.Double(v, key);
            if (value > 1 || value < 0 || (!zeroAllowed && value == 0))
            {
                throw _yaml.Error(v, $"'{key}' must be {(zeroAllowed ? "between 0 and 1" : "in (0, 1]")}, got {value}.");
            }
            return value;
        }
        var settings = new RiskSettings
        {
            Limits = new RiskThresholds
            {
                MaxHighestProsecutor = Fraction("maxHighestProsecutor"),
                MaxAverageProsecutor = Fraction("maxAverageProsecutor"),
                MaxRecordsAtRisk = Fraction("maxRecordsAtRisk"),
                MaxPopulationUniques = Fraction("maxPopulationUniques"),
                MaxAttackAdvantage = Fraction("maxAttackAdvantage"),
            },
        };
        if (Fraction("threshold") is { } threshold)
        {
            settings = settings with { Threshold = threshold };
        }
        if (Fraction("samplingFraction", zeroAllowed: false) is { } fraction)
        {
            settings = settings with { SamplingFraction = fraction };
        }
        if (values.TryGetValue("escalate", out var e))
        {
            var steps = new List<string>();
            foreach (var item in _yaml.Sequence(e, "escalate"))
            {
                var step = _yaml.String(item, "escalate");
                if (!EscalationSteps.Contains(step))
                {
                    throw _yaml.Error(item, $"unknown escalation '{step}'; expected one of: {string.Join(", ", EscalationSteps)}.");
                }
                steps.Add(step);
            }
            if (steps.Count == 0)
            {
                throw _yaml.Error(e, "'escalate' needs at least one of: " + string.Join(", ", EscalationSteps) + ".");
            }
            settings = settings with { Escalate = steps };
        }
        if (values.TryGetValue("maxSteps", out var m))
        {
            var steps = _yaml.Int(m, "maxSteps");
            if (steps is < 0 or > 100)
            {
                throw _yaml.Error(m, $"'maxSteps' must be between 0 and 100, got {steps}.");
            }
            settings = settings with { MaxSteps = steps };
        }
        if (values.TryGetValue("attacks", out var a))
        {
            settings = settings with { Attacks = ParseAttacks(a) };
        }
        return settings;
    }

    private List<RiskAttackSettings> ParseAttacks(YamlNode node)
    {
        var attacks = new List<RiskAttackSettings>();
        foreach (var item in _yaml.Sequence(node, "attacks"))
        {
            // "- linkage" alone, or "- linkage: { quasiIdentifiers: [...], maxAdvantage: 0.05 }".
            string kind;
            YamlNode at;
            Dictionary<string, YamlNode> values;
            if (item is YamlScalarNode && !ConfigReader.IsNull(item))
            {
                kind = _yaml.String(item, "attacks");
                at = item;
                values = [];
            }
            else
            {
                var entries = _yaml.Entries(item, "an attack", known: null);
                if (entries.Count != 1)
                {
                    throw _yaml.Error(item, $"each attack entry names one attack, as '- linkage: {{ maxAdvantage: 0.05 }}'; found {entries.Count}.");
                }
                kind = entries[0].Key;
                at = entries[0].KeyNode;
                values = AttackKeys.TryGetValue(kind, out var keys)
                    ? _yaml.Entries(entries[0].Value, kind, keys).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)
                    : [];
            }
            if (!AttackKeys.ContainsKey(kind))
            {
                throw _yaml.Error(at, $"unknown attack '{kind}'; expected one of: {string.Join(", ", AttackKeys.Keys)}.");
            }
            var place = _yaml.Place(at);
            var name = values.TryGetValue("name", out var n) ? _yaml.String(n, "name") : kind;
            if (attacks.Find(x => x.Name == name) is { } twin)
            {
                throw (values.TryGetValue("name", out var nameNode) ? _yaml.Place(nameNode) : place).Error(
                    $"a second attack named '{name}' (the first is on line {twin.Place.Line}); give each one its own 'name'.");
            }
            List<string>? qis = null;
            var qisPlace = place;
            if (values.TryGetValue("quasiIdentifiers", out var q))
            {
                qisPlace = _yaml.Place(q);
                qis = [.. _yaml.Sequence(q, "quasiIdentifiers").Select(x => _yaml.String(x, "quasiIdentifiers"))];
                if (qis.Count == 0)
                {
                    throw _yaml.Error(q, "'quasiIdentifiers' needs at least one column the adversary knows.");
                }
                if (qis.GroupBy(x => x, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
                {
                    throw _yaml.Error(q, $"'quasiIdentifiers' lists '{repeated.Key}' twice.");
                }
            }
            string? sensitive = null;
            if (kind == "inference")
            {
                var s = values.GetValueOrDefault("sensitive") ?? throw place.Error("an inference attack needs 'sensitive': the attribute the adversary infers.");
                sensitive = _yaml.String(s, "sensitive");
                if (qis is not null && qis.Contains(sensitive, StringComparer.Ordinal))
                {
                    throw _yaml.Error(s, $"the sensitive attribute '{sensitive}' is also in 'quasiIdentifiers'; the adversary would already know it.");
                }
            }
            double? max = null;
            if (values.TryGetValue("maxAdvantage", out var m))
            {
                max = _yaml.Double(m, "maxAdvantage");
                if (max is < 0 or > 1)
                {
                    throw _yaml.Error(m, $"'maxAdvantage' must be between 0 and 1, got {max}.");
                }
            }
            string? id = values.TryGetValue("id", out var i) ? _yaml.String(i, "id") : null;
            if (id is not null && qis is not null && qis.Contains(id, StringComparer.Ordinal))
            {
                throw _yaml.Error(i!, $"the id column '{id}' cannot also be a quasi-identifier.");
            }
            string? known = null;
            if (values.TryGetValue("known", out var k))
            {
                known = Path.GetFullPath(Path.Combine(_baseDirectory, _yaml.String(k, "known")));
                if (!File.Exists(known))
                {
                    throw _yaml.Error(k, $"the adversary's table (known) was not found: {known}");
                }
            }
            attacks.Add(new RiskAttackSettings
            {
                Kind = kind,
                Name = name,
                QuasiIdentifiers = qis,
                Sensitive = sensitive,
                Known = known,
                Id = id,
                MaxAdvantage = max,
                Place = place,
                QuasiIdentifiersPlace = qisPlace,
            });
        }
        return attacks;
    }
}
