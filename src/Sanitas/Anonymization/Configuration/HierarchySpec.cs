using Sanitas.Configuration;
using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// A hierarchy as a configuration declares it: read from a file when the configuration is loaded,
/// or built from the column's values (intervals, dates, masking, grouping) once the table is known.
/// </summary>
internal sealed class HierarchySpec
{
    private readonly Hierarchy? _loaded;
    private readonly Func<IEnumerable<string?>, Hierarchy>? _build;

    private HierarchySpec(ConfigPlace place, string description, Hierarchy? loaded, Func<IEnumerable<string?>, Hierarchy>? build)
    {
        Place = place;
        Description = description;
        _loaded = loaded;
        _build = build;
    }

    /// <summary>Where the configuration declares the hierarchy.</summary>
    public ConfigPlace Place { get; }

    /// <summary>The hierarchy read from a file (declared without the data), or <see langword="null"/> for a builder.</summary>
    public Hierarchy? Declared => _loaded;

    /// <summary>The file path, or the builder's name.</summary>
    public string Description { get; }

    public static HierarchySpec FromFile(ConfigPlace place, string path, Hierarchy hierarchy) => new(place, path, hierarchy, null);

    public static HierarchySpec FromBuilder(ConfigPlace place, string builder, Func<IEnumerable<string?>, Hierarchy> build) => new(place, builder + " builder", null, build);

    /// <summary>The hierarchy for a column: the file's, or one built from the column's distinct values.</summary>
    /// <exception cref="ConfigException">The builder rejects the column's values.</exception>
    public Hierarchy Resolve(Column column)
    {
        if (_loaded is not null)
        {
            return _loaded;
        }
        try
        {
            return _build!(column.Dictionary);
        }
        catch (Exception e) when (e is HierarchyException or ArgumentException)
        {
            throw Place.Error($"attribute '{column.Name}': {e.Message}", e);
        }
    }
}
