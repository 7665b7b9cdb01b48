namespace Sanitas.Query;

/// <summary>An integer literal such as <c>5</c>. A minus sign is a <see cref="UnaryExpression"/>.</summary>
/// <param name="Value">The value.</param>
internal sealed record IntegerLiteral(long Value) : SqlExpression;
