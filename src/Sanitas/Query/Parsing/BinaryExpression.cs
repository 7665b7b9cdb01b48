namespace Sanitas.Query;

/// <summary>An infix operator applied to two operands: arithmetic, comparison, <c>AND</c>, <c>OR</c>, <c>||</c>.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
internal sealed record BinaryExpression(BinaryOperator Operator, SqlExpression Left, SqlExpression Right) : SqlExpression;
