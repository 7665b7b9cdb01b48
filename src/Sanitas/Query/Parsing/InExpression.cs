namespace Sanitas.Query;

/// <summary><c>operand [NOT] IN (v1, v2, ...)</c> with a list of expressions (subqueries are rejected).</summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Values">The list, at least one item.</param>
/// <param name="Negated">True for NOT IN.</param>
internal sealed record InExpression(SqlExpression Operand, NodeList<SqlExpression> Values, bool Negated) : SqlExpression;
