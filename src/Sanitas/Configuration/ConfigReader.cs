using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Configuration;

/// <summary>Typed access to YAML nodes; every failure is a <see cref="ConfigException"/> at the node.</summary>
internal sealed class ConfigReader(string sourceName)
{
    public string SourceName { get; } = sourceName;

    public ConfigPlace Place(YamlNode node) => ConfigPlace.Of(SourceName, node);

    public ConfigException Error(YamlNode node, string reason, Exception? inner = null) => Place(node).Error(reason, inner);

    /// <summary>The entries of a mapping, checking that every key is a known one (keys compared exactly).</summary>
    public IReadOnlyList<(string Key, YamlScalarNode KeyNode, YamlNode Value)> Entries(YamlNode node, string what, IReadOnlyCollection<string>? known)
    {
        if (IsNull(node))
        {
            return [];
        }
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, $"{what} must be a mapping (key: value), got {Kind(node)}.");
        }
        var entries = new List<(string, YamlScalarNode, YamlNode)>(mapping.Children.Count);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                throw Error(keyNode, $"{what}: keys must be plain names, got {Kind(keyNode)}.");
            }
            if (known is not null && !known.Contains(key))
            {
                throw Error(keyNode, $"unknown key '{key}' in {what}; expected one of: {string.Join(", ", known)}.");
            }
            entries.Add((key, scalarKey, value));
        }
        return entries;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };

    public string String(YamlNode node, string name)
    {
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node))
        {
            return value;
        }
        throw Error(node, $"'{name}' must be a text value, got {Kind(node)}.");
    }

    public int Int(YamlNode node, string name)
    {
        var text = Scalar(node, name, "a whole number");
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(node, $"'{name}' must be a whole number, got '{text}'.");
    }

    public double Double(YamlNode node, string name)
    {
        var text = Scalar(node, name, "a number");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(node, $"'{name}' must be a number, got '{text}'.");
    }

    public decimal Decimal(YamlNode node, string name)
    {
        var text = Scalar(node, name, "a number");
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(node, $"'{name}' must be a number, got '{text}'.");
    }

    public bool Bool(YamlNode node, string name)
    {
        var text = Scalar(node, name, "true or false");
        return text.ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "ON" => true,
            "FALSE" or "NO" or "OFF" => false,
            _ => throw Error(node, $"'{name}' must be true or false, got '{text}'."),
        };
    }

    public char Char(YamlNode node, string name)
    {
        var text = String(node, name);
        return text switch
        {
            { Length: 1 } => text[0],
            "tab" or "\\t" => '\t',
            _ => throw Error(node, $"'{name}' must be a single character, got '{text}'."),
        };
    }

    /// <summary>A name from a fixed set (case-insensitive), mapped to its value.</summary>
    public T Choice<T>(YamlNode node, string name, IReadOnlyDictionary<string, T> choices, string what)
    {
        var text = String(node, name);
        foreach (var (key, value) in choices)
        {
            if (string.Equals(key, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        throw Error(node, $"unknown {what} '{text}'; expected one of: {string.Join(", ", choices.Keys)}.");
    }

    public YamlSequenceNode Sequence(YamlNode node, string name) =>
        node as YamlSequenceNode ?? throw Error(node, $"'{name}' must be a list, got {Kind(node)}.");

    private string Scalar(YamlNode node, string name, string expected) =>
        node is YamlScalarNode { Value: { } value } && !IsNull(node)
            ? value
            : throw Error(node, $"'{name}' must be {expected}, got {Kind(node)}.");
}
