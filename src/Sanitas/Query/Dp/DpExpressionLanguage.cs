namespace Sanitas.Query;

/// <summary>
/// The closed expression language of DP queries: a whitelist of operators and functions, each with a
/// type rule and <em>total</em> semantics on every engine, checked and rewritten on the metadata alone
/// before anything is charged. After the charge, the only value an expression can influence is the
/// noisy release: no input row can make an expression raise an error in SQLite, PostgreSQL or memory
/// (an error after the charge would turn "the query failed" into a one-bit channel about one person).
/// </summary>
/// <remarks>
/// <para>How totality is obtained:</para>
/// <list type="bullet">
/// <item>Every column must be declared in the metadata; unknown functions, casts that can fail
/// (text to number or date, real to integer), date arithmetic, non-constant LIKE patterns and
/// aggregates outside the select list are refused with their position.</item>
/// <item>Arithmetic needs bounded operands: a numeric column used in arithmetic or a numeric function
/// is clamped to its declared bounds in the emitted SQL, and the range of every intermediate value is
/// computed by interval arithmetic; a range beyond ±2^53 (where SQLite's integers overflow, PostgreSQL
/// raises "out of range" and doubles lose integers) is refused.</item>
/// <item>Division and modulo divide by <c>NULLIF(divisor, 0)</c> (NULL, not an error, on every engine); a
/// real divisor must be bounded away from zero.</item>
/// </list>
/// <para>FROM subqueries are restricted to projection, filters and unit-preserving joins: GROUP BY,
/// aggregates, HAVING, ORDER BY, LIMIT and DISTINCT inside them are refused, so that the planner, not
/// the engine, decides which rows reach contribution bounding.</para>
/// </remarks>
internal static partial class DpExpressionLanguage
{
    /// <summary>The largest magnitude an intermediate numeric value may reach: 2^53.</summary>
    internal const double MaxMagnitude = 9_007_199_254_740_992d;

    /// <summary>The functions of the language, with their type rules (docs/query-language.md has the table).</summary>
    internal static readonly IReadOnlyList<string> Functions = ["ABS", "CEIL", "CEILING", "CLAMP", "COALESCE", "FLOOR", "LENGTH", "LOWER", "NULLIF", "ROUND", "UPPER"];

    /// <summary>What the check knows of an expression: its type, whether it is integer-valued, and its range.</summary>
    internal readonly record struct Facts(DpTypeChecker.SqlType Type, bool Integer, double Lower, double Upper)
    {
        public static Facts Number(bool integer, double lower, double upper) => new(DpTypeChecker.SqlType.Number, integer, lower, upper);

        public static Facts Of(DpTypeChecker.SqlType type) => new(type, false, double.NegativeInfinity, double.PositiveInfinity);

        public static readonly Facts Null = new(DpTypeChecker.SqlType.Unknown, true, 0, 0);

        public bool Bounded => double.IsFinite(Lower) && double.IsFinite(Upper);

        public double Magnitude => Math.Max(Math.Abs(Lower), Math.Abs(Upper));
    }

    private sealed record ScopeColumn(string? Qualifier, string Name, Facts Facts, ColumnMetadata? Base);

    /// <summary>Checks a DP query against the language and returns it with every expression made total.</summary>
    /// <exception cref="QueryException">Something in the query is outside the language; the message names its place. Nothing was charged.</exception>
    public static SelectStatement Totalize(SelectStatement query, DatabaseMetadata metadata) => Totalize(query, metadata, out _);

    /// <summary>
    /// Checks a DP query against the language and returns it with every expression made total, and
    /// what is known of each aggregate argument (by its rewritten SQL): its type and guaranteed range,
    /// which the planner uses as the aggregate's bounds when the argument is not a bare column
    /// (<c>AVG(CLAMP(x, 0, 20))</c> has bounds [0, 20]).
    /// </summary>
    /// <exception cref="QueryException">Something in the query is outside the language; the message names its place. Nothing was charged.</exception>
    internal static SelectStatement Totalize(SelectStatement query, DatabaseMetadata metadata, out IReadOnlyDictionary<string, Facts> arguments)
    {
        var ranges = new Dictionary<string, Facts>(StringComparer.Ordinal);
        arguments = ranges;
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(metadata);
        var (from, scope) = Source(query.From, metadata);
        var aliases = query.Items.Where(i => i.Alias is not null).Select(i => i.Alias!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var items = new List<SelectItem>();
        foreach (var item in query.Items)
        {
            var rewritten = item.Expression switch
            {
                StarExpression => item.Expression,
                AggregateCall a => Aggregate(a, scope, ranges),
                var e when SqlRewriter.Aggregates(e).Any() => AggregatesOnly(e, scope, ranges),
                var e => Expression(e, scope, "the select list").Expression,
            };
            var renamed = item with { Expression = rewritten };
            // The released column keeps the name the analyst's expression gives it.
            if (item.Alias is null && InMemoryEngine.OutputName(renamed) != InMemoryEngine.OutputName(item))
            {
                renamed = renamed with { Alias = InMemoryEngine.OutputName(item) };
            }
            items.Add(renamed);
        }
        var where = query.Where is null ? null : Condition(query.Where, scope, "WHERE");
        var groupBy = new NodeList<SqlExpression>(query.GroupBy.Select(g =>
            g is ColumnReference { Qualifier: null } alias && !scope.Any(c => Named(c, alias)) && aliases.Contains(alias.Name)
                ? g
                : Condition(g, scope, "GROUP BY")));
        // HAVING and ORDER BY filter and sort the released noisy rows (post-processing); their aggregates
        // must read exactly like the select list's, so they are rewritten the same way.
        var having = query.Having is null ? null : AggregatesOnly(query.Having, scope, ranges);
        var orderBy = new NodeList<OrderByItem>(query.OrderBy.Select(o => o with { Expression = AggregatesOnly(o.Expression, scope, ranges) }));
        return query with { Items = new NodeList<SelectItem>(items), From = from, Where = where, GroupBy = groupBy, Having = having, OrderBy = orderBy };
    }

    private static bool Named(ScopeColumn c, ColumnReference r) =>
        string.Equals(c.Name, r.Name, StringComparison.OrdinalIgnoreCase)
        && (r.Qualifier is null || string.Equals(c.Qualifier, r.Qualifier, StringComparison.OrdinalIgnoreCase));

    private static (TableSource Source, List<ScopeColumn> Scope) Source(TableSource from, DatabaseMetadata metadata)
    {
        switch (from)
        {
            case TableReference t:
                {
                    var table = metadata.Table(t.Name)
                        ?? throw new QueryException(t.Span, $"the table '{t.Name}' has no DP metadata; declared tables: {string.Join(", ", metadata.Tables.Keys)}.");
                    var scope = table.Columns.Values.Select(c => new ScopeColumn(t.Alias ?? t.Name, c.Name, ColumnFacts(c), c)).ToList();
                    return (from, scope);
                }
            case SubquerySource s:
                {
                    var q = s.Query;
                    Refuse(q.Distinct, q.Span, "SELECT DISTINCT");
                    Refuse(q.Having is not null, q.Having?.Span ?? q.Span, "HAVING");
                    Refuse(q.OrderBy.Count > 0, q.OrderBy.Count > 0 ? q.OrderBy[0].Span : q.Span, "ORDER BY");
                    Refuse(q.Limit is not null, q.Span, "LIMIT");
                    var (inner, innerScope) = Source(q.From, metadata);
                    if (q.GroupBy.Count > 0)
                    {
                        return PerPerson(s, inner, innerScope);
                    }
                    var items = new List<SelectItem>();
                    var scope = new List<ScopeColumn>();
                    foreach (var item in q.Items)
                    {
                        if (item.Expression is StarExpression star)
                        {
                            items.Add(item);
                            scope.AddRange(innerScope
                                .Where(c => star.Qualifier is null || string.Equals(c.Qualifier, star.Qualifier, StringComparison.OrdinalIgnoreCase))
                                .Select(c => c with { Qualifier = s.Alias }));
                            continue;
                        }
                        if (SqlRewriter.Aggregates(item.Expression).FirstOrDefault() is { } aggregate)
                        {
                            throw new QueryException(aggregate.Span, $"{aggregate.ToSql()}: aggregates inside a FROM subquery are not in the DP query language (rows would reach contribution bounding already combined, in an order the engine chooses); aggregate in the outer query; nothing was charged.");
                        }
                        var (expression, facts) = Expression(item.Expression, innerScope, "the subquery's select list");
                        var name = InMemoryEngine.OutputName(item);
                        items.Add(item with { Expression = expression, Alias = item.Alias ?? (InMemoryEngine.OutputName(item with { Expression = expression }) == name ? null : name) });
                        var baseColumn = item.Expression is ColumnReference r ? Resolve(r, innerScope).Base : null;
                        scope.Add(new ScopeColumn(s.Alias, name, facts, baseColumn));
                    }
                    var where = q.Where is null ? null : Condition(q.Where, innerScope, "the subquery's WHERE");
                    return (s with { Query = q with { From = inner, Items = new NodeList<SelectItem>(items), Where = where } }, scope);
                }
            case JoinSource j:
                {
                    var (left, leftScope) = Source(j.Left, metadata);
                    var (right, rightScope) = Source(j.Right, metadata);
                    var scope = leftScope.Concat(rightScope).ToList();
                    var condition = Condition(j.Condition, scope, "the join condition");
                    return (j with { Left = left, Right = right, Condition = condition }, scope);
                }
            default:
                throw new QueryException(from.Span, "this FROM clause is not supported in DP queries.");
        }
    }

    /// <summary>The aggregates a per-person subquery may compute: each is bounded by the declared bounds of its argument.</summary>
    internal static bool PerPersonAggregate(AggregateCall a) =>
        !a.Distinct && (a.Function is AggregateFunction.Avg or AggregateFunction.Min or AggregateFunction.Max or AggregateFunction.Count);

    /// <summary>
    /// A per-person aggregation in FROM: <c>GROUP BY</c> the privacy unit, optionally with columns that have a
    /// public domain, selecting the unit, those keys, and AVG, MIN, MAX or COUNT of declared columns. It yields
    /// at most one row per person per key, each value within declared bounds (AVG, MIN and MAX of a column
    /// clamped to its bounds; COUNT clamped later to the table's row bound), so the outer query adds noise for
    /// one bounded value per person instead of all their rows. Which persons and keys exist is the data's;
    /// the planner bounds the derived rows like any table's.
    /// </summary>
    private static (TableSource Source, List<ScopeColumn> Scope) PerPerson(SubquerySource s, TableSource inner, List<ScopeColumn> innerScope)
    {
        var q = s.Query;
        Refuse(q.Distinct, q.Span, "SELECT DISTINCT");
        foreach (var key in q.GroupBy)
        {
            if (key is not ColumnReference r || Resolve(r, innerScope).Base is not { } column
                || !(column.IsPrivacyUnit || column.PublicValues is not null || (column.Kind == ColumnKind.Integer && column.HasBounds)))
            {
                throw new QueryException(key.Span, $"GROUP BY in a FROM subquery must name the privacy unit and, optionally, columns with public values (a per-person aggregation); {key.ToSql()} is neither; nothing was charged.");
            }
        }
        if (!q.GroupBy.Any(k => Resolve((ColumnReference)k, innerScope).Base!.IsPrivacyUnit))
        {
            throw new QueryException(q.GroupBy[0].Span, "GROUP BY in a FROM subquery must include the privacy unit (a per-person aggregation: one row per person and key); nothing was charged.");
        }
        var items = new List<SelectItem>();
        var scope = new List<ScopeColumn>();
        foreach (var item in q.Items)
        {
            switch (item.Expression)
            {
                case ColumnReference r when q.GroupBy.Any(k => k is ColumnReference g && Resolve(g, innerScope) == Resolve(r, innerScope)):
                    items.Add(item);
                    scope.Add(Resolve(r, innerScope) with { Qualifier = s.Alias, Name = InMemoryEngine.OutputName(item) });
                    break;
                case AggregateCall a when PerPersonAggregate(a):
                    {
                        if (item.Alias is null)
                        {
                            throw new QueryException(a.Span, $"name the per-person aggregate {a.ToSql()} with AS, so the outer query can use it; nothing was charged.");
                        }
                        if (a.Argument is StarExpression)
                        {
                            items.Add(item);
                            scope.Add(new ScopeColumn(s.Alias, item.Alias, Facts.Number(true, 0, double.PositiveInfinity), CountColumn(item.Alias)));
                            break;
                        }
                        if (a.Argument is not ColumnReference argument || Resolve(argument, innerScope).Base is not { } column)
                        {
                            throw new QueryException(a.Argument.Span, $"a per-person {a.Function.ToString().ToUpperInvariant()} takes a declared column; nothing was charged.");
                        }
                        if (a.Function == AggregateFunction.Count)
                        {
                            items.Add(item);
                            scope.Add(new ScopeColumn(s.Alias, item.Alias, Facts.Number(true, 0, double.PositiveInfinity), CountColumn(item.Alias)));
                            break;
                        }
                        var (clamped, facts) = Numeric(argument, innerScope, "the per-person aggregate", a.Function.ToString().ToUpperInvariant());
                        var integer = a.Function != AggregateFunction.Avg && facts.Integer;
                        items.Add(item with { Expression = a with { Argument = clamped } });
                        var derived = new ColumnMetadata(item.Alias, integer ? ColumnKind.Integer : ColumnKind.Real, facts.Lower, facts.Upper, null, false);
                        scope.Add(new ScopeColumn(s.Alias, item.Alias, Facts.Number(integer, facts.Lower, facts.Upper), derived));
                        break;
                    }
                default:
                    throw new QueryException(item.Expression.Span, $"a per-person subquery selects the privacy unit, its GROUP BY columns and AVG, MIN, MAX or COUNT of declared columns; {item.Expression.ToSql()} is none of these; nothing was charged.");
            }
        }
        if (!scope.Any(c => c.Base is { IsPrivacyUnit: true }))
        {
            throw new QueryException(q.Span, "a per-person subquery must select the privacy unit, so contributions can be bounded per person; nothing was charged.");
        }
        var where = q.Where is null ? null : Condition(q.Where, innerScope, "the subquery's WHERE");
        return (s with { Query = q with { From = inner, Items = new NodeList<SelectItem>(items), Where = where } }, scope);
    }

    /// <summary>A per-person count: at least 0; the planner bounds it by the source's declared rows per person.</summary>
    private static ColumnMetadata CountColumn(string name) => new(name, ColumnKind.Integer, 0, null, null, false);

    private static void Refuse(bool present, SourceSpan span, string what)
    {
        if (present)
        {
            throw new QueryException(span, $"{what} inside a FROM subquery is not in the DP query language: a subquery may only project, filter and join on the privacy unit (the planner, not the database, decides which rows reach contribution bounding); nothing was charged.");
        }
    }

    private static Facts ColumnFacts(ColumnMetadata c) => c.Kind switch
    {
        ColumnKind.Integer => Facts.Number(true, c.Lower ?? double.NegativeInfinity, c.Upper ?? double.PositiveInfinity),
        ColumnKind.Real => Facts.Number(false, c.Lower ?? double.NegativeInfinity, c.Upper ?? double.PositiveInfinity),
        var kind => Facts.Of(DpTypeChecker.FromKind(kind)),
    };

    private static ScopeColumn Resolve(ColumnReference r, List<ScopeColumn> scope)
    {
        var matches = scope.Where(c => Named(c, r)).ToList();
        var name = r.Qualifier is null ? r.Name : $"{r.Qualifier}.{r.Name}";
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new QueryException(r.Span, $"unknown column '{name}': every column a DP query reads must be declared in the metadata; the columns here are: {string.Join(", ", scope.Select(c => $"{c.Qualifier}.{c.Name}").Distinct())}; nothing was charged."),
            _ => throw new QueryException(r.Span, $"the column '{name}' is ambiguous: qualify it ({string.Join(", ", matches.Select(m => $"{m.Qualifier}.{m.Name}"))}); nothing was charged."),
        };
    }

    private static SqlExpression NoAggregates(SqlExpression e, string where)
    {
        if (SqlRewriter.Aggregates(e).FirstOrDefault() is { } aggregate)
        {
            throw new QueryException(aggregate.Span, $"{aggregate.ToSql()}: aggregates are allowed only in the outer select list, HAVING and ORDER BY, not in {where}; nothing was charged.");
        }
        return e;
    }

    private static SqlExpression Condition(SqlExpression e, List<ScopeColumn> scope, string where) =>
        Expression(NoAggregates(e, where), scope, where).Expression;

    /// <summary>Rewrites the aggregates' arguments in an expression over released values (HAVING, ORDER BY, the select list).</summary>
    private static SqlExpression AggregatesOnly(SqlExpression e, List<ScopeColumn> scope, Dictionary<string, Facts> ranges) =>
        SqlRewriter.Rewrite(e, node => node is AggregateCall a ? Aggregate(a, scope, ranges) : null);

    private static AggregateCall Aggregate(AggregateCall a, List<ScopeColumn> scope, Dictionary<string, Facts> ranges)
    {
        if (a.Argument is StarExpression)
        {
            return a;
        }
        if (SqlRewriter.Aggregates(a.Argument).FirstOrDefault() is { } nested)
        {
            throw new QueryException(nested.Span, $"{nested.ToSql()}: an aggregate cannot contain another aggregate; nothing was charged.");
        }
        var (argument, facts) = Expression(a.Argument, scope, a.Function.ToString().ToUpperInvariant());
        ranges[argument.ToSql()] = facts;
        var percentile = a.Percentile is null ? null : Expression(a.Percentile, scope, "PERCENTILE_CONT").Expression;
        return a with { Argument = argument, Percentile = percentile };
    }
}
