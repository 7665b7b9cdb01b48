namespace Sanitas.Query;

/// <summary>The DP metadata of a database (a <c>trial.yaml</c> file): its tables, by name (case-insensitive).</summary>
/// <param name="Tables">The tables.</param>
/// <param name="SourceName">The file it was read from, for messages.</param>
public sealed record DatabaseMetadata(IReadOnlyDictionary<string, TableMetadata> Tables, string SourceName)
{
    /// <summary>A table, or null.</summary>
    public TableMetadata? Table(string name) => Tables.GetValueOrDefault(name);
}
