namespace Sanitas.Query;

/// <summary>
/// A GROUP BY key with its domain. A public key's domain is declared: every value is released,
/// present in the data or not, so the set of groups reveals nothing. A private key's domain is
/// empty in the plan; its released values are chosen from the data by DP partition selection.
/// </summary>
public sealed record DpGroupKey
{
    internal DpGroupKey(SqlExpression expression, IReadOnlyList<object> domain, SqlExpression evaluated)
    {
        Expression = expression;
        Domain = domain;
        Evaluated = evaluated;
    }

    /// <summary>The key as written in GROUP BY.</summary>
    internal SqlExpression Expression { get; init; }

    /// <summary>What is evaluated per row: the key, or the select item whose alias it names.</summary>
    internal SqlExpression Evaluated { get; init; }

    /// <summary>The key as SQL (as written in GROUP BY).</summary>
    public string Sql => Expression.ToSql();

    /// <summary>The values, from the metadata's public list or by evaluating the key over a declared integer range (empty for a private key until partition selection).</summary>
    public IReadOnlyList<object> Domain { get; init; }

    /// <summary>Whether the key's values are private: only the groups that pass partition selection are released.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>
    /// Whether the key is computed from a table the metadata declares to hold at most one row per
    /// person (so each person should have one value of it); an execution hint only, verified on the data.
    /// </summary>
    internal bool IsPersonLevel { get; init; }
}
