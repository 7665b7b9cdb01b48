namespace Sanitas.Query;

/// <summary><c>operand [NOT] LIKE pattern [ESCAPE escape]</c>.</summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Pattern">The pattern (<c>%</c> any run, <c>_</c> one character).</param>
/// <param name="Escape">The ESCAPE character expression; null when none.</param>
/// <param name="Negated">True for NOT LIKE.</param>
internal sealed record LikeExpression(SqlExpression Operand, SqlExpression Pattern, SqlExpression? Escape, bool Negated) : SqlExpression;
