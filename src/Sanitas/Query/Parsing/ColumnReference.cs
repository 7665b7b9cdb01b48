namespace Sanitas.Query;

/// <summary>A column, <c>name</c> or <c>qualifier.name</c> (the qualifier is a table name or alias).</summary>
/// <param name="Qualifier">The table name or alias before the dot; null when unqualified.</param>
/// <param name="Name">The column name as written (quoted names keep their exact spelling).</param>
internal sealed record ColumnReference(string? Qualifier, string Name) : SqlExpression;
