namespace Sanitas.Query;

/// <summary>A scalar or aggregate expression: in the select list, WHERE, GROUP BY, HAVING, ORDER BY or a join condition.</summary>
internal abstract record SqlExpression : SqlNode;
