namespace Sanitas.Query;

/// <summary>
/// A DP SQL query: <c>SELECT [DISTINCT] items FROM source [WHERE] [GROUP BY] [HAVING] [ORDER BY] [LIMIT]</c>.
/// Also the query of a subquery in FROM.
/// </summary>
/// <param name="Distinct">True for <c>SELECT DISTINCT</c>.</param>
/// <param name="Items">The select list, in order.</param>
/// <param name="From">The FROM source (required in DP queries).</param>
/// <param name="Where">The WHERE condition, if any.</param>
/// <param name="GroupBy">The GROUP BY expressions (empty when there is no GROUP BY).</param>
/// <param name="Having">The HAVING condition, if any.</param>
/// <param name="OrderBy">The ORDER BY items (empty when there is no ORDER BY).</param>
/// <param name="Limit">The LIMIT row count, if any.</param>
internal sealed record SelectStatement(
    bool Distinct,
    NodeList<SelectItem> Items,
    TableSource From,
    SqlExpression? Where,
    NodeList<SqlExpression> GroupBy,
    SqlExpression? Having,
    NodeList<OrderByItem> OrderBy,
    long? Limit) : SqlNode;
