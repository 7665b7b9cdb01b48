namespace Sanitas.Query;

/// <summary>
/// A call of a scalar function, <c>NAME(arg, ...)</c>: FLOOR, ROUND, CEIL, ABS, or any other name (the planner
/// decides which it knows). Aggregates are <see cref="AggregateCall"/>.
/// </summary>
/// <param name="Name">The function name in upper case (function names are case-insensitive).</param>
/// <param name="Arguments">The arguments, possibly none.</param>
internal sealed record FunctionCall(string Name, NodeList<SqlExpression> Arguments) : SqlExpression;
