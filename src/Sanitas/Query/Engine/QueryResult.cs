namespace Sanitas.Query;

/// <summary>The rows a query returns: column names and values (long, double, string, bool or null).</summary>
/// <param name="Columns">The output column names.</param>
/// <param name="Rows">The rows, each with one value per column.</param>
internal sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
