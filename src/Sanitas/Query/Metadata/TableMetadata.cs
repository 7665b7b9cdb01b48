namespace Sanitas.Query;

/// <summary>The DP metadata of one table: who the rows belong to, how much one person may contribute, and its columns.</summary>
/// <param name="Name">The table name.</param>
/// <param name="PrivacyUnit">The column identifying the person each row belongs to.</param>
/// <param name="MaxRowsPerUnit">The most rows one person may contribute (contribution bound; extra rows are dropped at random).</param>
/// <param name="MaxGroupsPerUnit">The most groups of one GROUP BY one person may contribute to.</param>
/// <param name="Columns">The declared columns, by name (case-insensitive).</param>
public sealed record TableMetadata(string Name, string PrivacyUnit, int MaxRowsPerUnit, int MaxGroupsPerUnit, IReadOnlyDictionary<string, ColumnMetadata> Columns)
{
    /// <summary>A declared column, or null.</summary>
    public ColumnMetadata? Column(string name) => Columns.GetValueOrDefault(name);
}
