using Sanitas.Anonymization.SetValued;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Anonymization;

/// <summary>The <c>set-valued:</c> section (k^m-anonymity of a long-format item file).</summary>
internal sealed partial class ConfigParser
{
    private static readonly string[] SetValuedKeys = ["input", "id", "item", "hierarchy", "k", "m", "column", "separator"];

    private SetValuedSettings ParseSetValued(YamlNode node)
    {
        var values = _yaml.Entries(node, "'set-valued'", SetValuedKeys).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var place = _yaml.Place(node);
        YamlNode Required(string key) => values.GetValueOrDefault(key) ?? throw place.Error($"'set-valued' needs '{key}'.");
        string File(string key)
        {
            var path = Path.GetFullPath(Path.Combine(_baseDirectory, _yaml.String(Required(key), key)));
            return System.IO.File.Exists(path) ? path : throw _yaml.Error(values[key], $"'set-valued' {key} file not found: {path}");
        }
        var k = _yaml.Int(Required("k"), "k");
        var m = _yaml.Int(Required("m"), "m");
        if (k < 2)
        {
            throw _yaml.Error(values["k"], $"'k' must be at least 2, got {k}.");
        }
        if (m < 1)
        {
            throw _yaml.Error(values["m"], $"'m' must be at least 1, got {m}.");
        }
        var item = _yaml.String(Required("item"), "item");
        return new SetValuedSettings(File("input"), _yaml.String(Required("id"), "id"), item, File("hierarchy"), k, m,
            values.TryGetValue("column", out var c) ? _yaml.String(c, "column") : item,
            values.TryGetValue("separator", out var s) ? _yaml.Char(s, "separator") : '|');
    }
}
