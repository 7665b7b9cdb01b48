namespace Sanitas.Query;

/// <summary>One ORDER BY item.</summary>
/// <param name="Expression">The sort key.</param>
/// <param name="Descending">True for DESC; false for ASC or no direction.</param>
internal sealed record OrderByItem(SqlExpression Expression, bool Descending) : SqlNode;
