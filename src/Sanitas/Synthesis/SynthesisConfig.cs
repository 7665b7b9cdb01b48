using System.Globalization;
using Sanitas.Configuration;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Synthesis;

/// <summary>
/// A synthesis configuration (SYNTH.yaml): the public domain of every column to synthesize, in
/// order. Columns of the input that are not declared are not synthesized (identifiers, free
/// text). The domain is metadata: it fixes the marginals' cells before any value is read.
/// </summary>
/// <example>
/// <code>
/// columns:
///   age: { type: integer, min: 15, max: 94, bins: 16 }    # 15–19, 20–24, …, 90–94
///   sex: [Female, Male]                                    # categories
///   race: { categories: [White, Black, Other], other: Other }
///   bmi: { type: real, edges: [10, 18.5, 25, 30, 60] }
///   visit: { type: date, min: 2021-01-01, max: 2021-12-31, granularity: month }
/// </code>
/// </example>
/// <param name="Columns">The declared columns, in order.</param>
/// <param name="SourceName">The file they came from, for messages.</param>
public sealed record SynthesisConfig(IReadOnlyList<SynthesisColumn> Columns, string SourceName = "")
{
    /// <summary>The most cells one column may declare.</summary>
    public const int MaxCellsPerColumn = 10_000;

    /// <summary>The most columns a domain may declare.</summary>
    public const int MaxColumns = 1_000;

    private static readonly string[] ColumnKeys = ["type", "categories", "other", "min", "max", "bins", "edges", "granularity", "missing"];

    /// <summary>Reads a configuration file.</summary>
    /// <exception cref="ConfigException">The file is invalid; the message names line and column.</exception>
    public static SynthesisConfig Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <summary>Parses configuration text.</summary>
    /// <exception cref="ConfigException">The text is invalid; the message names line and column.</exception>
    public static SynthesisConfig Parse(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var root = YamlConfigLoader.LoadRoot(reader, sourceName);
        var read = new ConfigReader(sourceName);
        YamlNode? columnsNode = null;
        string? unit = null;
        (int Line, int Column) unitPlace = (1, 1);
        foreach (var (key, keyNode, value) in read.Entries(root, "the synthesis configuration", ["columns", "unit"]))
        {
            if (key == "columns")
            {
                columnsNode = value;
            }
            else
            {
                unit = read.String(value, "unit");
                unitPlace = ((int)keyNode.Start.Line, (int)keyNode.Start.Column);
            }
        }
        if (columnsNode is null)
        {
            throw new ConfigException(sourceName, 1, 1, "the configuration needs 'columns:' with each column's domain.");
        }
        var columns = new List<SynthesisColumn>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, keyNode, value) in read.Entries(columnsNode, "'columns'", null))
        {
            if (!declared.Add(name))
            {
                throw read.Error(keyNode, $"column '{name}' is declared twice.");
            }
            if (columns.Count == MaxColumns)
            {
                throw read.Error(keyNode, $"'columns' declares more than {MaxColumns:N0} columns (the marginal-based mechanisms score every pair of them).");
            }
            columns.Add(ReadColumn(read, name, value));
        }
        if (columns.Count == 0)
        {
            throw read.Error(columnsNode, "'columns' declares no column.");
        }
        if (unit is not null && columns.Any(c => c.Name == unit))
        {
            throw new ConfigException(sourceName, unitPlace.Line, unitPlace.Column, $"the unit column '{unit}' identifies persons and cannot also be synthesized.");
        }
        var places = ReadPlaces(read, columnsNode);
        if (unit is not null)
        {
            places[UnitPlaceKey] = unitPlace;
        }
        return new SynthesisConfig(columns, sourceName) { Places = places, Unit = unit };
    }

    /// <summary>Where each column was declared (line, column), for errors about the input table.</summary>
    internal IReadOnlyDictionary<string, (int Line, int Column)> Places { get; init; } = new Dictionary<string, (int, int)>();

    /// <summary>
    /// The column identifying the person (<c>unit:</c>), or null when each row is one person. With a
    /// unit, each person contributes at most one row: their first row in file order (a fixed rule,
    /// so that datasets differing in one person's rows differ in at most one kept row).
    /// </summary>
    public string? Unit { get; init; }

    private const string UnitPlaceKey = "\0unit";

    /// <summary>The column names, in order.</summary>
    public IEnumerable<string> Names => Columns.Select(c => c.Name);

    /// <summary>
    /// Checks that every declared column is in the input's header (metadata only, before any
    /// charge); the error points at the column's declaration.
    /// </summary>
    /// <param name="header">The input's column names.</param>
    /// <param name="inputName">The input's name, for the message.</param>
    /// <exception cref="ConfigException">A declared column is missing from the header.</exception>
    public void CheckColumns(IReadOnlyCollection<string> header, string inputName)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (Unit is not null && !header.Contains(Unit))
        {
            var (line, column) = Places.TryGetValue(UnitPlaceKey, out var p) ? p : (1, 1);
            throw new ConfigException(SourceName, line, column, $"the unit column '{Unit}' is not in {inputName}; its columns are: {string.Join(", ", header)}.");
        }
        foreach (var c in Columns)
        {
            if (!header.Contains(c.Name))
            {
                var (line, column) = Places.TryGetValue(c.Name, out var place) ? place : (1, 1);
                throw new ConfigException(SourceName, line, column,
                    $"column '{c.Name}' is not in {inputName}; its columns are: {string.Join(", ", header)}.");
            }
        }
    }

    private static Dictionary<string, (int, int)> ReadPlaces(ConfigReader read, YamlNode columnsNode)
    {
        var places = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var (name, keyNode, _) in read.Entries(columnsNode, "'columns'", null))
        {
            places[name] = ((int)keyNode.Start.Line, (int)keyNode.Start.Column);
        }
        return places;
    }

    private static SynthesisColumn ReadColumn(ConfigReader read, string name, YamlNode value)
    {
        if (value is YamlSequenceNode shorthand)
        {
            return Categorical(read, name, shorthand, null);
        }
        var entries = read.Entries(value, $"the domain of '{name}'", ColumnKeys).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (entries.Count == 0)
        {
            throw read.Error(value, $"the domain of '{name}' must be a list of categories or a mapping with 'type'.");
        }
        var kind = entries.TryGetValue("type", out var typeNode)
            ? read.Choice(typeNode, "type", new Dictionary<string, SynthesisColumnKind>
            {
                ["categorical"] = SynthesisColumnKind.Categorical,
                ["integer"] = SynthesisColumnKind.Integer,
                ["real"] = SynthesisColumnKind.Real,
                ["date"] = SynthesisColumnKind.Date,
            }, "column type")
            : entries.ContainsKey("categories") ? SynthesisColumnKind.Categorical
            : throw read.Error(value, $"the domain of '{name}' needs 'type: integer|real|date' or 'categories: [...]'.");
        Allow(read, name, entries, kind switch
        {
            SynthesisColumnKind.Categorical => ["type", "categories", "other"],
            SynthesisColumnKind.Date => ["type", "min", "max", "granularity", "missing"],
            _ => ["type", "min", "max", "bins", "edges", "missing"],
        });
        return kind switch
        {
            SynthesisColumnKind.Categorical => Categorical(read, name,
                read.Sequence(entries.TryGetValue("categories", out var cats) ? cats : throw read.Error(value, $"'{name}' needs 'categories: [...]'."), "categories"),
                entries.GetValueOrDefault("other")),
            SynthesisColumnKind.Date => Date(read, name, value, entries),
            _ => Numeric(read, name, kind, value, entries),
        };
    }

    private static void Allow(ConfigReader read, string name, Dictionary<string, YamlNode> entries, string[] allowed)
    {
        foreach (var (key, node) in entries)
        {
            if (!allowed.Contains(key))
            {
                throw read.Error(node, $"'{key}' does not apply to '{name}' of this type; expected: {string.Join(", ", allowed)}.");
            }
        }
    }

    private static SynthesisColumn Categorical(ConfigReader read, string name, YamlSequenceNode list, YamlNode? otherNode)
    {
        // The size first, and duplicates by hashing: a list of 100,000 categories took 30 s to refuse with a linear search per entry.
        CheckSize(read, list, name, list.Children.Count);
        var categories = new List<string>(list.Children.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in list.Children)
        {
            var text = read.String(node, name);
            if (!seen.Add(text))
            {
                throw read.Error(node, $"the category '{text}' of '{name}' is listed twice.");
            }
            categories.Add(text);
        }
        if (categories.Count < 2)
        {
            throw read.Error(list, $"'{name}' must list at least two categories.");
        }
        var fallback = 0;
        if (otherNode is not null)
        {
            var other = read.String(otherNode, "other");
            fallback = categories.IndexOf(other);
            if (fallback < 0)
            {
                throw read.Error(otherNode, $"'other' of '{name}' must be one of its categories, got '{other}'.");
            }
        }
        return SynthesisColumn.Categorical(name, categories, fallback);
    }

    private static SynthesisColumn Numeric(ConfigReader read, string name, SynthesisColumnKind kind, YamlNode value, Dictionary<string, YamlNode> entries)
    {
        double[] edges;
        if (entries.TryGetValue("edges", out var edgesNode))
        {
            if (entries.ContainsKey("bins") || entries.ContainsKey("min") || entries.ContainsKey("max"))
            {
                throw read.Error(edgesNode, $"'{name}' gives 'edges'; leave out 'min', 'max' and 'bins' (the edges are the range).");
            }
            var list = read.Sequence(edgesNode, "edges");
            edges = [.. list.Children.Select(n => read.Double(n, "edges"))];
            if (edges.Length < 2)
            {
                throw read.Error(edgesNode, $"'edges' of '{name}' needs at least two numbers (one bin).");
            }
            for (var i = 1; i < edges.Length; i++)
            {
                if (!(edges[i] > edges[i - 1]))
                {
                    throw read.Error(list.Children[i], $"'edges' of '{name}' must increase, got {edges[i - 1].ToString(CultureInfo.InvariantCulture)} then {edges[i].ToString(CultureInfo.InvariantCulture)}.");
                }
            }
        }
        else
        {
            var minNode = entries.TryGetValue("min", out var m1) ? m1 : throw read.Error(value, $"'{name}' needs 'min' and 'max' (or 'edges').");
            var maxNode = entries.TryGetValue("max", out var m2) ? m2 : throw read.Error(value, $"'{name}' needs 'max'.");
            var min = read.Double(minNode, "min");
            var max = read.Double(maxNode, "max");
            if (kind == SynthesisColumnKind.Integer && (min != Math.Floor(min) || max != Math.Floor(max)))
            {
                throw read.Error(min != Math.Floor(min) ? minNode : maxNode, $"'min' and 'max' of the integer column '{name}' must be whole numbers.");
            }
            // An integer range [min, max] covers the cells min, min + 1, …, max: bins split [min, max + 1).
            var upper = kind == SynthesisColumnKind.Integer ? max + 1 : max;
            if (!(upper > min))
            {
                throw read.Error(maxNode, $"'max' of '{name}' must be above 'min'.");
            }
            var bins = entries.TryGetValue("bins", out var binsNode) ? read.Int(binsNode, "bins")
                : kind == SynthesisColumnKind.Integer ? (int)Math.Min(upper - min, 20) : 20;
            if (bins < 1)
            {
                throw read.Error(binsNode!, $"'bins' of '{name}' must be at least 1.");
            }
            CheckSize(read, binsNode ?? value, name, bins);
            edges = new double[bins + 1];
            for (var i = 0; i <= bins; i++)
            {
                edges[i] = i == bins ? upper : min + ((upper - min) * i / bins);
            }
        }
        CheckSize(read, value, name, edges.Length - 1);
        var column = SynthesisColumn.Binned(name, kind, edges);
        return entries.TryGetValue("missing", out var missingNode)
            ? column with { Fallback = column.BinOf(read.Double(missingNode, "missing")) }
            : column;
    }

    private static SynthesisColumn Date(ConfigReader read, string name, YamlNode value, Dictionary<string, YamlNode> entries)
    {
        DateOnly ReadDate(string key)
        {
            var node = entries.TryGetValue(key, out var n) ? n : throw read.Error(value, $"the date column '{name}' needs '{key}' (yyyy-MM-dd).");
            var text = read.String(node, key);
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw read.Error(node, $"'{key}' of '{name}' must be a date yyyy-MM-dd, got '{text}'.");
        }
        var min = ReadDate("min");
        var max = ReadDate("max");
        if (max < min)
        {
            throw read.Error(entries["max"], $"'max' of '{name}' is before its 'min'.");
        }
        var granularity = entries.TryGetValue("granularity", out var g)
            ? read.Choice(g, "granularity", new Dictionary<string, string> { ["day"] = "day", ["week"] = "week", ["month"] = "month", ["year"] = "year" }, "granularity")
            : "day";
        var edges = new List<double> { min.DayNumber };
        for (var d = min; ;)
        {
            d = granularity switch
            {
                "day" => d.AddDays(1),
                "week" => d.AddDays(7),
                "month" => d.AddMonths(1),
                _ => d.AddYears(1),
            };
            if (d > max)
            {
                edges.Add(max.DayNumber + 1);
                break;
            }
            edges.Add(d.DayNumber);
            CheckSize(read, g ?? value, name, edges.Count - 1);
        }
        var column = SynthesisColumn.Binned(name, SynthesisColumnKind.Date, edges);
        if (entries.TryGetValue("missing", out var missingNode))
        {
            var text = read.String(missingNode, "missing");
            column = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
                ? column with { Fallback = column.BinOf(m.DayNumber) }
                : throw read.Error(missingNode, $"'missing' of '{name}' must be a date yyyy-MM-dd, got '{text}'.");
        }
        return column;
    }

    private static void CheckSize(ConfigReader read, YamlNode node, string name, int cells)
    {
        if (cells > MaxCellsPerColumn)
        {
            throw read.Error(node, $"'{name}' declares {cells:N0} cells; at most {MaxCellsPerColumn:N0} per column (use coarser bins).");
        }
    }
}
