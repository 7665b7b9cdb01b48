namespace Sanitas.Query;

/// <summary><c>NULL</c>.</summary>
public sealed record NullLiteral : SqlExpression;
