namespace Sanitas.Query;

/// <summary><c>operand IS [NOT] NULL</c>.</summary>
/// <param name="Operand">The tested expression.</param>
/// <param name="Negated">True for IS NOT NULL.</param>
internal sealed record IsNullExpression(SqlExpression Operand, bool Negated) : SqlExpression;
