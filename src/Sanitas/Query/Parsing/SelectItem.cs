namespace Sanitas.Query;

/// <summary>One item of the select list: an expression (or <c>*</c>, <c>t.*</c>) with an optional alias.</summary>
/// <param name="Expression">The selected expression; a <see cref="StarExpression"/> for <c>*</c> or <c>t.*</c>.</param>
/// <param name="Alias">The alias given with or without AS, as written; null when none.</param>
internal sealed record SelectItem(SqlExpression Expression, string? Alias) : SqlNode;
