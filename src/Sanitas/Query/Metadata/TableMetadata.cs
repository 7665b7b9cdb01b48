namespace Sanitas.Query;

/// <summary>The DP metadata of one table: who the rows belong to, how much one person may contribute, and its columns.</summary>
/// <param name="Name">The table name.</param>
/// <param name="PrivacyUnit">The column identifying the person each row belongs to.</param>
/// <param name="MaxRowsPerUnit">R: the most rows one person may contribute (contribution bound; extra rows are dropped, a uniformly random subset kept per query).</param>
/// <param name="MaxGroupsPerUnit">G: the most groups of one GROUP BY one person may contribute to (extra groups dropped, a uniformly random subset kept); defaults to R.</param>
/// <param name="Columns">The declared columns, by name (case-insensitive).</param>
public sealed record TableMetadata(string Name, string PrivacyUnit, int MaxRowsPerUnit, int MaxGroupsPerUnit, IReadOnlyDictionary<string, ColumnMetadata> Columns)
{
    /// <summary>
    /// R_g: the most rows one person may contribute to any one group (per-partition bound, as
    /// PipelineDP's max_contributions_per_partition); defaults to R, i.e. no bound beyond R. With it,
    /// counts and sums have sensitivity min(R, G·R_g) rows.
    /// </summary>
    public int MaxRowsPerGroup { get; init; } = int.MaxValue;

    /// <summary>A declared column, or null.</summary>
    public ColumnMetadata? Column(string name) => Columns.GetValueOrDefault(name);
}
