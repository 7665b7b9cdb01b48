namespace Sanitas.Query;

/// <summary>A string literal <c>'...'</c>; <c>''</c> inside it stands for one quote.</summary>
/// <param name="Value">The value, with escapes resolved.</param>
internal sealed record StringLiteral(string Value) : SqlExpression;
