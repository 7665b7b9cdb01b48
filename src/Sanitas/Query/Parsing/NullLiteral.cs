namespace Sanitas.Query;

/// <summary><c>NULL</c>.</summary>
internal sealed record NullLiteral : SqlExpression;
