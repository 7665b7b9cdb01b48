using System.Globalization;
using Sanitas.Configuration;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Query;

/// <summary>
/// Reads DP metadata (YAML): per table the privacy-unit column, the most rows and groups one person
/// may contribute, and per column its type, clamping bounds and public values. Every error names
/// the file, line and column.
/// </summary>
/// <example>
/// <code>
/// tables:
///   Patients:
///     privacyUnit: PatientId
///     maxRowsPerUnit: 1
///     columns:
///       PatientId: { type: integer, privacyUnit: true }
///       Age:       { type: integer, lower: 18, upper: 100 }
///       Sex:       { type: text, public: [male, female] }
/// </code>
/// </example>
public static class MetadataLoader
{
    private static readonly string[] TopKeys = ["tables"];
    private static readonly string[] TableKeys = ["privacyUnit", "maxRowsPerUnit", "maxGroupsPerUnit", "maxRowsPerGroup", "columns"];
    private static readonly string[] ColumnKeys = ["type", "lower", "upper", "public", "private", "privacyUnit"];

    private static readonly Dictionary<string, ColumnKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["integer"] = ColumnKind.Integer,
        ["int"] = ColumnKind.Integer,
        ["real"] = ColumnKind.Real,
        ["float"] = ColumnKind.Real,
        ["double"] = ColumnKind.Real,
        ["decimal"] = ColumnKind.Real,
        ["text"] = ColumnKind.Text,
        ["string"] = ColumnKind.Text,
        ["date"] = ColumnKind.Date,
        ["timestamp"] = ColumnKind.Timestamp,
        ["boolean"] = ColumnKind.Boolean,
        ["bool"] = ColumnKind.Boolean,
    };

    /// <summary>Reads a metadata file.</summary>
    /// <exception cref="ConfigException">The file is invalid; the message names line and column.</exception>
    public static DatabaseMetadata Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <summary>Parses metadata text.</summary>
    /// <exception cref="ConfigException">The text is invalid; the message names line and column.</exception>
    public static DatabaseMetadata Parse(TextReader reader, string sourceName)
    {
        var root = YamlConfigLoader.LoadRoot(reader, sourceName);
        var read = new ConfigReader(sourceName);
        var tables = new Dictionary<string, TableMetadata>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, keyNode, value) in read.Entries(root, "the metadata", TopKeys))
        {
            if (key != "tables")
            {
                continue;
            }
            foreach (var (name, nameNode, tableNode) in read.Entries(value, "tables", null))
            {
                if (!tables.TryAdd(name, ReadTable(read, name, nameNode, tableNode)))
                {
                    throw read.Error(nameNode, $"the table '{name}' is declared twice.");
                }
            }
        }
        if (tables.Count == 0)
        {
            throw new ConfigException(sourceName, 1, 1, "the metadata declares no table (expected 'tables:' with at least one table).");
        }
        return new DatabaseMetadata(tables, sourceName);
    }

    private static TableMetadata ReadTable(ConfigReader read, string name, YamlScalarNode nameNode, YamlNode node)
    {
        string? unit = null;
        var maxRows = -1;
        var maxGroups = -1;
        var maxRowsPerGroup = -1;
        YamlNode? unitNode = null;
        var columns = new Dictionary<string, ColumnMetadata>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, keyNode, value) in read.Entries(node, $"table '{name}'", TableKeys))
        {
            switch (key)
            {
                case "privacyUnit":
                    unit = read.String(value, "privacyUnit");
                    unitNode = value;
                    break;
                case "maxRowsPerUnit":
                    maxRows = read.Int(value, "maxRowsPerUnit");
                    if (maxRows < 1)
                    {
                        throw read.Error(value, $"table '{name}': maxRowsPerUnit must be at least 1, got {maxRows}.");
                    }
                    break;
                case "maxGroupsPerUnit":
                    maxGroups = read.Int(value, "maxGroupsPerUnit");
                    if (maxGroups < 1)
                    {
                        throw read.Error(value, $"table '{name}': maxGroupsPerUnit must be at least 1, got {maxGroups}.");
                    }
                    break;
                case "maxRowsPerGroup":
                    maxRowsPerGroup = read.Int(value, "maxRowsPerGroup");
                    if (maxRowsPerGroup < 1)
                    {
                        throw read.Error(value, $"table '{name}': maxRowsPerGroup must be at least 1, got {maxRowsPerGroup}.");
                    }
                    break;
                case "columns":
                    foreach (var (column, columnNode, columnValue) in read.Entries(value, $"the columns of '{name}'", null))
                    {
                        if (!columns.TryAdd(column, ReadColumn(read, name, column, columnValue)))
                        {
                            throw read.Error(columnNode, $"table '{name}': the column '{column}' is declared twice.");
                        }
                    }
                    break;
            }
        }
        if (unit is null)
        {
            throw read.Error(nameNode, $"table '{name}' declares no privacyUnit (the column identifying the person each row belongs to).");
        }
        if (maxRows < 0)
        {
            throw read.Error(nameNode, $"table '{name}' declares no maxRowsPerUnit (the most rows one person may contribute).");
        }
        if (columns.TryGetValue(unit, out var unitColumn))
        {
            columns[unit] = unitColumn with { IsPrivacyUnit = true };
        }
        else
        {
            columns[unit] = new ColumnMetadata(unit, ColumnKind.Text, null, null, null, IsPrivacyUnit: true);
        }
        var marked = columns.Values.Where(c => c.IsPrivacyUnit && !string.Equals(c.Name, unit, StringComparison.OrdinalIgnoreCase)).ToList();
        if (marked.Count > 0)
        {
            throw read.Error(unitNode!, $"table '{name}': the privacy unit is '{unit}', but the column '{marked[0].Name}' is also marked privacyUnit: true.");
        }
        // Defaults: G = R (grouping drops no row the row bound keeps), R_g = R (no per-group bound).
        return new TableMetadata(name, unit, maxRows, maxGroups < 0 ? maxRows : maxGroups, columns)
        {
            MaxRowsPerGroup = maxRowsPerGroup < 0 ? maxRows : Math.Min(maxRowsPerGroup, maxRows),
        };
    }

    private static ColumnMetadata ReadColumn(ConfigReader read, string table, string name, YamlNode node)
    {
        ColumnKind? kind = null;
        double? lower = null;
        double? upper = null;
        YamlNode? lowerNode = null;
        List<string>? publicValues = null;
        List<YamlNode>? publicNodes = null;
        var isUnit = false;
        var isPrivate = false;
        YamlNode? privateNode = null;
        foreach (var (key, keyNode, value) in read.Entries(node, $"column '{table}.{name}'", ColumnKeys))
        {
            switch (key)
            {
                case "type":
                    kind = read.Choice(value, "type", Kinds, "column type");
                    break;
                case "lower":
                    lower = read.Double(value, "lower");
                    lowerNode = value;
                    break;
                case "upper":
                    upper = read.Double(value, "upper");
                    break;
                case "public":
                    publicNodes = read.Sequence(value, "public").Children.ToList();
                    publicValues = publicNodes.Select(v => read.String(v, "public")).ToList();
                    break;
                case "privacyUnit":
                    isUnit = read.Bool(value, "privacyUnit");
                    break;
                case "private":
                    isPrivate = read.Bool(value, "private");
                    privateNode = value;
                    break;
            }
        }
        if (kind is null)
        {
            throw read.Error(node, $"column '{table}.{name}' declares no type (integer, real, text, date, timestamp, boolean).");
        }
        if ((lower is not null || upper is not null) && kind is not (ColumnKind.Integer or ColumnKind.Real))
        {
            throw read.Error(lowerNode ?? node, $"column '{table}.{name}' is {kind.Value.ToString().ToLowerInvariant()}: only integer and real columns take bounds.");
        }
        if ((lower is null) != (upper is null))
        {
            throw read.Error(node, $"column '{table}.{name}' declares only one bound; give both lower and upper.");
        }
        if (lower > upper)
        {
            throw read.Error(lowerNode!, string.Create(CultureInfo.InvariantCulture, $"column '{table}.{name}': lower bound {lower} is above upper bound {upper}."));
        }
        for (var i = 0; publicValues is not null && i < publicValues.Count; i++)
        {
            // Public values of a numeric column must be numbers the engines can compare (no NaN or infinity).
            var text = publicValues[i];
            var valid = kind switch
            {
                ColumnKind.Integer => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
                ColumnKind.Real => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d),
                _ => true,
            };
            if (!valid)
            {
                throw read.Error(publicNodes![i], $"column '{table}.{name}' is {kind.Value.ToString().ToLowerInvariant()}: the public value '{text}' is not a finite {(kind == ColumnKind.Integer ? "integer" : "number")}.");
            }
        }
        if (isPrivate && publicValues is not null)
        {
            throw read.Error(privateNode!, $"column '{table}.{name}' declares both public values and private: true; a key is one or the other.");
        }
        return new ColumnMetadata(name, kind.Value, lower, upper, publicValues, isUnit) { IsPrivate = isPrivate };
    }
}
