namespace Sanitas.Query;

/// <summary>
/// <c>CASE [operand] WHEN .. THEN .. [WHEN .. THEN ..] [ELSE ..] END</c>. Without an operand each WHEN holds a
/// condition (searched CASE); with one, each WHEN holds a value compared with it (simple CASE).
/// </summary>
/// <param name="Operand">The operand of a simple CASE; null for a searched CASE.</param>
/// <param name="Whens">The WHEN clauses, at least one.</param>
/// <param name="Else">The ELSE result; null when none (the result is then NULL).</param>
internal sealed record CaseExpression(SqlExpression? Operand, NodeList<WhenClause> Whens, SqlExpression? Else) : SqlExpression;
