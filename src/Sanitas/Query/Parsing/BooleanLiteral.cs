namespace Sanitas.Query;

/// <summary><c>TRUE</c> or <c>FALSE</c>.</summary>
/// <param name="Value">The value.</param>
internal sealed record BooleanLiteral(bool Value) : SqlExpression;
