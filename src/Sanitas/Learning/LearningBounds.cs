using System.Globalization;
using Sanitas.Configuration;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Learning;

/// <summary>
/// A bounds file (BOUNDS.yaml): for each column a model may use, its declared domain. A list of
/// two numbers is a numeric range; a list of other values is a category set; a mapping
/// <c>{ categories: [1, 2] }</c> declares numeric-looking categories, <c>{ range: [min, max] }</c> a range; either
/// mapping may add <c>missing: VALUE</c>, the public value of <see cref="MissingValuePolicy.ImputePublic"/>. The reserved key
/// <c>public-rows</c> declares the number of training rows as public (the steward's statement, e.g.
/// from the protocol); without it, mechanisms that scale with n estimate it with DP.
/// </summary>
/// <example>
/// <code>
/// Age: [18, 100]
/// Temperature: [20, 40]
/// Sex: [female, male]
/// DiabetesType: { categories: [1, 2] }
/// Bmi: { range: [15, 60], missing: 27 }
/// public-rows: 300
/// </code>
/// </example>
public sealed class LearningBounds
{
    private readonly Dictionary<string, ColumnBounds> _bounds;

    /// <summary>Creates bounds from column declarations.</summary>
    public LearningBounds(IEnumerable<ColumnBounds> bounds, string sourceName = "", int? publicRows = null)
    {
        if (publicRows is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(publicRows), publicRows, "The declared public number of rows must be at least 1.");
        }
        PublicRows = publicRows;
        ArgumentNullException.ThrowIfNull(bounds);
        _bounds = new Dictionary<string, ColumnBounds>(StringComparer.Ordinal);
        foreach (var b in bounds)
        {
            if (!_bounds.TryAdd(b.Column, b))
            {
                throw new InvalidOptionException($"Bounds of '{b.Column}' are declared twice.");
            }
        }
        SourceName = sourceName;
    }

    /// <summary>No bounds at all (non-private training standardizes from the data).</summary>
    public static LearningBounds None { get; } = new([]);

    /// <summary>The file the bounds came from, for messages.</summary>
    public string SourceName { get; }

    /// <summary>The reserved key that declares the number of rows public.</summary>
    public const string PublicRowsKey = "public-rows";

    /// <summary>
    /// The number of training rows (after per-person bounding), declared public by the data steward;
    /// null when not declared. DP mechanisms use it as a constant in place of n.
    /// </summary>
    public int? PublicRows { get; }

    /// <summary>The same bounds with the number of rows declared public.</summary>
    public LearningBounds WithPublicRows(int? rows) => new(_bounds.Values, SourceName, rows);

    /// <summary>The declared columns.</summary>
    public IReadOnlyCollection<ColumnBounds> Columns => _bounds.Values;

    /// <summary>The bounds of a column, or null when it has none.</summary>
    public ColumnBounds? this[string column] => _bounds.GetValueOrDefault(column);

    /// <summary>Reads a bounds file.</summary>
    /// <exception cref="ConfigException">The file is invalid; the message names line and column.</exception>
    public static LearningBounds Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <summary>Parses bounds text.</summary>
    /// <exception cref="ConfigException">The text is invalid; the message names line and column.</exception>
    public static LearningBounds Parse(TextReader reader, string sourceName)
    {
        var root = YamlConfigLoader.LoadRoot(reader, sourceName);
        var read = new ConfigReader(sourceName);
        var list = new List<ColumnBounds>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int? publicRows = null;
        foreach (var (column, keyNode, value) in read.Entries(root, "the bounds file", null))
        {
            if (column == PublicRowsKey)
            {
                var text = read.String(value, PublicRowsKey);
                publicRows = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows >= 1
                    ? rows
                    : throw read.Error(value, $"'{PublicRowsKey}' must be a whole number of rows ≥ 1, got '{text}'.");
                continue;
            }
            if (!seen.Add(column))
            {
                throw read.Error(keyNode, $"bounds of '{column}' are declared twice.");
            }
            list.Add(ReadColumn(read, column, value));
        }
        if (list.Count == 0)
        {
            throw new ConfigException(sourceName, 1, 1, "the bounds file declares no column (expected 'Column: [min, max]' or 'Column: [category, ...]').");
        }
        return new LearningBounds(list, sourceName, publicRows);
    }

    private static ColumnBounds ReadColumn(ConfigReader read, string column, YamlNode value)
    {
        if (value is YamlMappingNode)
        {
            ColumnBounds? bounds = null;
            YamlNode? missing = null;
            foreach (var (key, _, node) in read.Entries(value, $"the bounds of '{column}'", ["categories", "range", "missing"]))
            {
                if (key == "missing")
                {
                    missing = node;
                }
                else if (bounds is not null)
                {
                    throw read.Error(node, $"the bounds of '{column}' take either 'range: [min, max]' or 'categories: [...]', not both.");
                }
                else
                {
                    bounds = key == "categories"
                        ? Categories(read, column, read.Sequence(node, "categories"))
                        : Range(read, column, node);
                }
            }
            if (bounds is null)
            {
                throw read.Error(value, $"the bounds of '{column}' need 'range: [min, max]' or 'categories: [...]'.");
            }
            return missing is null ? bounds : bounds with { Missing = PublicMissing(read, bounds, missing) };
        }
        var sequence = value as YamlSequenceNode
            ?? throw read.Error(value, $"the bounds of '{column}' must be a list: [min, max] or [category, ...], got {ConfigReader.Kind(value)}.");
        var texts = sequence.Children.Select(c => read.String(c, column)).ToList();
        return texts.All(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? Range(read, column, sequence)
            : Categories(read, column, sequence);
    }

    private static ColumnBounds Range(ConfigReader read, string column, YamlNode value)
    {
        var sequence = read.Sequence(value, "range");
        var texts = sequence.Children.Select(c => read.String(c, column)).ToList();
        var numbers = texts.Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null).ToList();
        if (numbers.Any(n => n is null))
        {
            throw read.Error(value, $"the range of '{column}' must be two numbers [min, max], got [{string.Join(", ", texts)}].");
        }
        if (texts.Count != 2)
        {
            throw read.Error(value, $"numeric bounds of '{column}' must be [min, max], got {texts.Count} numbers (write {{ categories: [...] }} for numeric categories).");
        }
        if (!double.IsFinite(numbers[0]!.Value) || !double.IsFinite(numbers[1]!.Value) || !(numbers[0] < numbers[1]))
        {
            throw read.Error(value, $"the bounds of '{column}' must be finite with min < max, got [{texts[0]}, {texts[1]}].");
        }
        return ColumnBounds.Numeric(column, numbers[0]!.Value, numbers[1]!.Value);
    }

    /// <summary>The declared public replacement of a missing value: inside the range, or one of the categories.</summary>
    private static string PublicMissing(ConfigReader read, ColumnBounds bounds, YamlNode node)
    {
        var text = read.String(node, "missing");
        if (bounds.Categories is { } categories)
        {
            return categories.Contains(text, StringComparer.Ordinal)
                ? text
                : throw read.Error(node, $"'missing' of '{bounds.Column}' must be one of its categories [{string.Join(", ", categories)}], got '{text}'.");
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= bounds.Min && v <= bounds.Max
            ? text
            : throw read.Error(node, string.Create(CultureInfo.InvariantCulture, $"'missing' of '{bounds.Column}' must be a number in its range [{bounds.Min}, {bounds.Max}], got '{text}'."));
    }

    private static ColumnBounds Categories(ConfigReader read, string column, YamlSequenceNode sequence)
    {
        var categories = new List<string>();
        foreach (var node in sequence.Children)
        {
            var text = read.String(node, column);
            if (categories.Contains(text, StringComparer.Ordinal))
            {
                throw read.Error(node, $"the category '{text}' of '{column}' is listed twice.");
            }
            categories.Add(text);
        }
        if (categories.Count < 2)
        {
            throw read.Error(sequence, $"'{column}' must list at least two categories.");
        }
        return ColumnBounds.Categorical(column, categories);
    }
}
