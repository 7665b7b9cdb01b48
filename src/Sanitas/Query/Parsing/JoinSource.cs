namespace Sanitas.Query;

/// <summary><c>left [INNER | LEFT] JOIN right ON condition</c>. Joins chain to the left: <c>a JOIN b ON .. JOIN c ON ..</c> is <c>(a JOIN b) JOIN c</c>.</summary>
/// <param name="Kind">Inner or left join.</param>
/// <param name="Left">The left source.</param>
/// <param name="Right">The right source.</param>
/// <param name="Condition">The ON condition.</param>
internal sealed record JoinSource(JoinKind Kind, TableSource Left, TableSource Right, SqlExpression Condition) : TableSource;
