namespace Sanitas.Query;

/// <summary><c>CAST(operand AS type)</c>.</summary>
/// <param name="Operand">The converted expression.</param>
/// <param name="TypeName">The target type in upper case with single spaces, e.g. <c>INTEGER</c>, <c>DOUBLE PRECISION</c>, <c>DECIMAL(10, 2)</c>.</param>
internal sealed record CastExpression(SqlExpression Operand, string TypeName) : SqlExpression;
