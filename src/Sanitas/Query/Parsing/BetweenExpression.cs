namespace Sanitas.Query;

/// <summary><c>operand [NOT] BETWEEN low AND high</c> (both ends included).</summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Low">The lower end.</param>
/// <param name="High">The upper end.</param>
/// <param name="Negated">True for NOT BETWEEN.</param>
internal sealed record BetweenExpression(SqlExpression Operand, SqlExpression Low, SqlExpression High, bool Negated) : SqlExpression;
