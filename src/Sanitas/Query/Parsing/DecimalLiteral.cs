namespace Sanitas.Query;

/// <summary>A number with a decimal point or exponent, such as <c>37.5</c>, <c>.5</c> or <c>1e3</c>.</summary>
/// <param name="Value">The exact decimal value.</param>
internal sealed record DecimalLiteral(decimal Value) : SqlExpression;
