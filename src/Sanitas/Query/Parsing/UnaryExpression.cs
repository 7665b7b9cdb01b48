namespace Sanitas.Query;

/// <summary>A prefix operator applied to an operand: <c>-x</c>, <c>+x</c>, <c>NOT x</c>.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Operand">The operand.</param>
internal sealed record UnaryExpression(UnaryOperator Operator, SqlExpression Operand) : SqlExpression;
