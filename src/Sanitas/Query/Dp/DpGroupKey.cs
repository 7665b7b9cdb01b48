namespace Sanitas.Query;

/// <summary>A GROUP BY key with its public domain: every value is released, present in the data or not, so the set of groups reveals nothing.</summary>
/// <param name="Expression">The key as written in GROUP BY.</param>
/// <param name="Domain">The values, from the metadata's public list or by evaluating the key over a declared integer range.</param>
/// <param name="Evaluated">What is evaluated per row: the key, or the select item whose alias it names.</param>
public sealed record DpGroupKey(SqlExpression Expression, IReadOnlyList<object> Domain, SqlExpression Evaluated);
