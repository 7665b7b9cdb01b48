namespace Sanitas.Query;

/// <summary><c>*</c> or <c>t.*</c> in the select list, and the <c>*</c> of <c>COUNT(*)</c>.</summary>
/// <param name="Qualifier">The table name or alias of <c>t.*</c>; null for <c>*</c>.</param>
internal sealed record StarExpression(string? Qualifier) : SqlExpression;
