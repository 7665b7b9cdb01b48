using Sanitas.Anonymization.SetValued;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Risk;

namespace Sanitas.Anonymization;

/// <summary>
/// An anonymization configuration as read by <see cref="AnonymizationConfigLoader"/>: everything
/// the file says, with hierarchy files already read. Hierarchies declared as builders (intervals,
/// dates, masking, grouping) need the column's values, so the <see cref="AnonymizationConfig"/>
/// is obtained for a given table with <see cref="Resolve"/>.
/// </summary>
public sealed class LoadedAnonymizationConfig
{
    private readonly IReadOnlyList<ConfiguredAttribute> _attributes;
    private readonly IReadOnlyList<ConfiguredModel> _models;
    private readonly AnonymizationConfig _settings;

    internal LoadedAnonymizationConfig(string sourceName, char? delimiter, string? input, string? output, string? report,
        IReadOnlyList<ConfiguredAttribute> attributes, IReadOnlyList<ConfiguredModel> models, AnonymizationConfig settings)
    {
        SourceName = sourceName;
        Delimiter = delimiter;
        Input = input;
        Output = output;
        Report = report;
        _attributes = attributes;
        _models = models;
        _settings = settings;
    }

    /// <summary>The configuration file as given to the loader (used in messages).</summary>
    public string SourceName { get; }

    /// <summary>The CSV delimiter of the input and output (<c>delimiter</c>), or <see langword="null"/> to detect it.</summary>
    public char? Delimiter { get; }

    /// <summary>The input CSV (<c>input</c>), resolved against the configuration's folder, if the file names one.</summary>
    public string? Input { get; }

    /// <summary>The output CSV (<c>output</c>), resolved against the configuration's folder, if the file names one.</summary>
    public string? Output { get; }

    /// <summary>The report file (<c>report</c>), resolved against the configuration's folder, if the file names one.</summary>
    public string? Report { get; }

    /// <summary>The declared attributes, in file order.</summary>
    public IReadOnlyList<string> AttributeNames => _attributes.Select(a => a.Name).ToArray();

    /// <summary>The <c>risk:</c> section: risk thresholds and the escalation of the closed loop, or <see langword="null"/> when the file has none.</summary>
    public RiskSettings? Risk { get; init; }

    /// <summary>The <c>set-valued:</c> section: a k^m-anonymous item set per person attached as a column, or <see langword="null"/>.</summary>
    public SetValuedSettings? SetValued { get; init; }

    /// <summary>The suppression limit (<c>suppressionLimit</c>).</summary>
    public double SuppressionLimit => _settings.SuppressionLimit;

    /// <summary>The utility metric (<c>metric</c>).</summary>
    public UtilityMetric Metric => _settings.Metric;

    /// <summary>The search mode (<c>search</c>).</summary>
    public SearchMode Search => _settings.Search;

    /// <summary>The <c>differential-privacy</c> model (SafePub), or <see langword="null"/>.</summary>
    public DifferentialPrivacySettings? DifferentialPrivacy => _settings.DifferentialPrivacy;

    /// <summary>The declared attributes with their roles and hierarchy declarations (for checks on metadata alone).</summary>
    internal IReadOnlyList<ConfiguredAttribute> Attributes => _attributes;

    /// <summary>
    /// The quasi-identifiers (attributes with the role quasi-identifier), in file order, after
    /// checking that each is a column of <paramref name="table"/>; hierarchies are not needed.
    /// </summary>
    /// <param name="table">The table whose risk is measured.</param>
    /// <param name="tableName">The table's name for messages, if any.</param>
    /// <exception cref="ConfigException">A quasi-identifier is not a column (the message names the attribute's line), or none is declared.</exception>
    public IReadOnlyList<string> QuasiIdentifiers(Table table, string? tableName = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var of = string.IsNullOrEmpty(tableName) ? "the table" : $"'{tableName}'";
        var result = new List<string>();
        foreach (var attribute in _attributes.Where(a => a.Role == AttributeRole.QuasiIdentifying))
        {
            if (!table.TryGetColumn(attribute.Name, out _))
            {
                throw attribute.Place.Error($"quasi-identifier '{attribute.Name}' is not a column of {of}. Columns: {string.Join(", ", table.ColumnNames)}.");
            }
            result.Add(attribute.Name);
        }
        if (result.Count == 0)
        {
            throw new ConfigException(SourceName, 1, 1, "the configuration declares no quasi-identifier (role quasi-identifier), so there is no risk to measure.");
        }
        return result;
    }

    /// <summary>
    /// The configuration for <paramref name="table"/>: checks that every declared attribute is a
    /// column, builds the builder-declared hierarchies from the columns' values, and checks that
    /// the table has enough records for each model.
    /// </summary>
    /// <param name="table">The table to anonymize.</param>
    /// <param name="tableName">The table's name for messages (such as the CSV file name), if any.</param>
    /// <exception cref="ConfigException">A name does not match the table, a builder rejects a column's values, or the table is too small for a model; the message points at the configuration.</exception>
    public AnonymizationConfig Resolve(Table table, string? tableName = null) => ResolveGrouped(table, tableName, null);

    /// <summary>As <see cref="Resolve(Table, string?)"/>, for a table whose rows stand for <paramref name="records"/> records in all (distinct tuples with multiplicities).</summary>
    internal AnonymizationConfig ResolveGrouped(Table table, string? tableName, int? records)
    {
        ArgumentNullException.ThrowIfNull(table);
        var recordCount = records ?? table.RowCount;
        var of = string.IsNullOrEmpty(tableName) ? "the table" : $"'{tableName}'";
        var columns = string.Join(", ", table.ColumnNames);
        if (table.RowCount == 0)
        {
            // Otherwise the first hierarchy builder would complain that it has no values, blaming the configuration.
            throw new AnonymizationException($"{(string.IsNullOrEmpty(tableName) ? "The table" : $"'{tableName}'")} has a header but no rows: there is nothing to anonymize.");
        }
        var attributes = new Dictionary<string, AttributeSettings>(StringComparer.Ordinal);
        foreach (var attribute in _attributes)
        {
            if (!table.TryGetColumn(attribute.Name, out var column))
            {
                throw attribute.Place.Error($"attribute '{attribute.Name}' is not a column of {of}. Columns: {columns}.");
            }
            var hierarchy = attribute.Hierarchy?.Resolve(column);
            if (hierarchy is not null && attribute.Role == AttributeRole.QuasiIdentifying)
            {
                var top = hierarchy.LevelCount - 1;
                if (attribute.MinLevel > top || attribute.MaxLevel > top)
                {
                    throw attribute.Place.Error($"'{attribute.Name}' has {(attribute.MinLevel > top ? $"minLevel {attribute.MinLevel}" : $"maxLevel {attribute.MaxLevel}")}, but its hierarchy's levels are 0 to {top}.");
                }
            }
            attributes[attribute.Name] = new AttributeSettings(attribute.Role, hierarchy)
            {
                Weight = attribute.Weight,
                MinLevel = attribute.MinLevel,
                MaxLevel = attribute.MaxLevel,
            };
        }
        var models = new List<PrivacyModel>(_models.Count);
        foreach (var configured in _models)
        {
            var model = configured.Create(spec => spec.Resolve(table[configured.Attribute!]));
            if (model.MinimalClassSize > recordCount)
            {
                throw configured.Place.Error($"{configured.Name} needs classes of at least {model.MinimalClassSize} records, but {of} has only {recordCount}.");
            }
            models.Add(model);
        }
        return _settings with { Attributes = attributes, Models = models };
    }
}
