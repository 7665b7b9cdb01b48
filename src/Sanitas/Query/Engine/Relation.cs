namespace Sanitas.Query;

/// <summary>A materialized row set during in-memory execution: named columns of SQL values (long, double, string, bool, null).</summary>
internal sealed class Relation(IReadOnlyList<RelationColumn> columns, int rowCount)
{
    public IReadOnlyList<RelationColumn> Columns { get; } = columns;

    public int RowCount { get; } = rowCount;
}

/// <summary>One column of a <see cref="Relation"/>: the qualifier it answers to (table alias), its name and values.</summary>
internal sealed record RelationColumn(string? Qualifier, string Name, object?[] Values);
