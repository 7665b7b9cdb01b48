namespace Sanitas.Data;

/// <summary>A query result as SQL values per column (long, double, string, bool or null), in result order.</summary>
internal sealed record DatabaseRows(IReadOnlyList<string> Names, IReadOnlyList<object?[]> Columns, int RowCount);
