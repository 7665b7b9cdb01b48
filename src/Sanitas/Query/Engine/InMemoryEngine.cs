using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Query;

/// <summary>
/// Runs the supported SQL subset exactly (no noise) on in-memory <see cref="Table"/>s: FROM a table,
/// a subquery or an equi-join, WHERE, GROUP BY, aggregates (COUNT, COUNT(DISTINCT), SUM, AVG,
/// VARIANCE, STDDEV, MEDIAN, PERCENTILE_CONT, MIN, MAX), HAVING, ORDER BY, LIMIT. It is the
/// reference the SQLite and PostgreSQL engines are compared against, and the exact stage under
/// the differentially private engine. Value semantics follow <see cref="SqlValues"/>.
/// </summary>
internal static class InMemoryEngine
{
    /// <summary>Parses and runs a query.</summary>
    /// <exception cref="SqlSyntaxException">The SQL does not parse.</exception>
    /// <exception cref="QueryException">An unknown table or column, a type error, an unsupported construct.</exception>
    public static QueryResult Execute(string sql, IReadOnlyDictionary<string, Table> tables, CancellationToken cancellationToken = default) =>
        Execute(SqlParser.Parse(sql), tables, cancellationToken);

    /// <summary>Runs a parsed query.</summary>
    /// <exception cref="QueryException">An unknown table or column, a type error, an unsupported construct.</exception>
    public static QueryResult Execute(SelectStatement query, IReadOnlyDictionary<string, Table> tables, CancellationToken cancellationToken = default)
    {
        var lookup = new Dictionary<string, Table>(tables, StringComparer.OrdinalIgnoreCase);
        var source = Source(query.From, lookup, cancellationToken);
        var rows = Filter(source, query.Where);
        var aggregated = query.GroupBy.Count > 0 || query.Items.Any(i => SqlRewriter.Aggregates(i.Expression).Any()) || query.Having is not null;
        var (columns, output) = aggregated ? Aggregate(query, source, rows) : Project(query, source, rows);
        return Finish(query, columns, output);
    }

    internal static Relation Source(TableSource from, Dictionary<string, Table> tables, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (from)
        {
            case TableReference t:
                if (!tables.TryGetValue(t.Name, out var table))
                {
                    throw new QueryException(t.Span, $"unknown table '{t.Name}'; the tables are: {string.Join(", ", tables.Keys.Order(StringComparer.OrdinalIgnoreCase))}.");
                }
                return FromTable(table, t.Alias ?? t.Name);
            case SubquerySource s:
                {
                    var q = s.Query;
                    if (q.GroupBy.Count > 0 && q.Having is null && q.OrderBy.Count == 0 && q.Limit is null && !q.Distinct)
                    {
                        // A per-person aggregation (the DP planner admits only GROUP BY the privacy unit and public keys).
                        var grouped = Execute(q, tables, cancellationToken);
                        var groupedColumns = grouped.Columns.Select((name, c) => new RelationColumn(s.Alias, name, grouped.Rows.Select(r => r[c]).ToArray())).ToList();
                        return new Relation(groupedColumns, grouped.Rows.Count);
                    }
                    if (q.GroupBy.Count > 0 || q.Having is not null || q.Items.Any(i => SqlRewriter.Aggregates(i.Expression).Any()))
                    {
                        throw new QueryException(q.Span, "aggregation inside a FROM subquery is not supported: the aggregation must be the outermost query.");
                    }
                    if (q.OrderBy.Count > 0 || q.Limit is not null || q.Distinct)
                    {
                        throw new QueryException(q.Span, "ORDER BY, LIMIT and DISTINCT are only allowed in the outermost query.");
                    }
                    var inner = Source(q.From, tables, cancellationToken);
                    var (columns, rows) = Project(q, inner, Filter(inner, q.Where));
                    var materialized = columns.Select((name, c) => new RelationColumn(s.Alias, name, rows.Select(r => r[c]).ToArray())).ToList();
                    return new Relation(materialized, rows.Count);
                }
            case JoinSource j:
                return Join(j, Source(j.Left, tables, cancellationToken), Source(j.Right, tables, cancellationToken));
            default:
                throw new QueryException(from.Span, "this kind of FROM clause is not supported.");
        }
    }

    internal static Relation FromTable(Table table, string qualifier)
    {
        var columns = new List<RelationColumn>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            var decoded = column.Dictionary.Select(v => Decode(v, column.Type)).ToArray();
            var values = new object?[table.RowCount];
            var codes = column.Codes;
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = decoded[codes[r]];
            }
            columns.Add(new RelationColumn(qualifier, column.Name, values));
        }
        return new Relation(columns, table.RowCount);
    }

    private static object? Decode(string? value, ColumnType type) => value is null ? null : type switch
    {
        ColumnType.Integer => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture),
        ColumnType.Decimal => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => value,
    };

    internal static List<int> Filter(Relation source, SqlExpression? where)
    {
        if (where is null)
        {
            return Enumerable.Range(0, source.RowCount).ToList();
        }
        var predicate = new RowExpressionCompiler(source).Compile(where);
        var rows = new List<int>();
        for (var r = 0; r < source.RowCount; r++)
        {
            if (SqlValues.Truth(predicate(r)) == true)
            {
                rows.Add(r);
            }
        }
        return rows;
    }

    /// <summary>Inner or left join; equality conditions between the two sides become a hash join.</summary>
    private static Relation Join(JoinSource join, Relation left, Relation right)
    {
        var combined = new Relation([.. left.Columns, .. right.Columns], 0);
        var compiler = new RowExpressionCompiler(combined);
        var leftKeys = new List<int>();
        var rightKeys = new List<int>();
        var residual = new List<SqlExpression>();
        foreach (var condition in Conjuncts(join.Condition))
        {
            if (condition is BinaryExpression { Operator: BinaryOperator.Equal, Left: ColumnReference a, Right: ColumnReference b })
            {
                var ia = compiler.Resolve(a);
                var ib = compiler.Resolve(b);
                if (ia < left.Columns.Count && ib >= left.Columns.Count)
                {
                    leftKeys.Add(ia);
                    rightKeys.Add(ib - left.Columns.Count);
                    continue;
                }
                if (ib < left.Columns.Count && ia >= left.Columns.Count)
                {
                    leftKeys.Add(ib);
                    rightKeys.Add(ia - left.Columns.Count);
                    continue;
                }
            }
            residual.Add(condition);
        }
        if (leftKeys.Count == 0)
        {
            throw new QueryException(join.Condition.Span, "a JOIN needs an equality between a column of each side (e.g. r.PatientId = p.PatientId).");
        }
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var r = 0; r < right.RowCount; r++)
        {
            if (Key(right, rightKeys, r) is { } key)
            {
                (index.TryGetValue(key, out var list) ? list : index[key] = []).Add(r);
            }
        }
        var pairs = new List<(int Left, int Right)>();
        for (var l = 0; l < left.RowCount; l++)
        {
            var matched = false;
            if (Key(left, leftKeys, l) is { } key && index.TryGetValue(key, out var matches))
            {
                foreach (var r in matches)
                {
                    pairs.Add((l, r));
                    matched = true;
                }
            }
            if (!matched && join.Kind == JoinKind.Left)
            {
                pairs.Add((l, -1));
            }
        }
        var columns = left.Columns.Select(c => c with { Values = pairs.Select(p => c.Values[p.Left]).ToArray() })
            .Concat(right.Columns.Select(c => c with { Values = pairs.Select(p => p.Right < 0 ? null : c.Values[p.Right]).ToArray() }))
            .ToList();
        var joined = new Relation(columns, pairs.Count);
        if (residual.Count == 0)
        {
            return joined;
        }
        var keep = Filter(joined, residual.Aggregate((a, b) => new BinaryExpression(BinaryOperator.And, a, b) { Span = a.Span }));
        return new Relation(joined.Columns.Select(c => c with { Values = keep.Select(r => c.Values[r]).ToArray() }).ToList(), keep.Count);
    }

    /// <summary>The terms of a chain of ANDs.</summary>
    internal static IEnumerable<SqlExpression> Conjuncts(SqlExpression e) =>
        e is BinaryExpression { Operator: BinaryOperator.And } b ? Conjuncts(b.Left).Concat(Conjuncts(b.Right)) : [e];

    /// <summary>A join key; null when any part is NULL (NULL never joins).</summary>
    private static string? Key(Relation relation, List<int> columns, int row)
    {
        var parts = new string[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var v = relation.Columns[columns[i]].Values[row];
            if (v is null)
            {
                return null;
            }
            parts[i] = v is long or double ? SqlValues.ToDouble(v).ToString("R", CultureInfo.InvariantCulture) : SqlValues.Text(v);
        }
        return string.Join('\u001f', parts);
    }

    /// <summary>A SELECT without aggregation: expands stars, evaluates each item per row.</summary>
    private static (List<string> Columns, List<object?[]> Rows) Project(SelectStatement query, Relation source, List<int> rows)
    {
        var compiler = new RowExpressionCompiler(source);
        var names = new List<string>();
        var getters = new List<Func<int, object?>>();
        foreach (var item in query.Items)
        {
            if (item.Expression is StarExpression star)
            {
                var any = false;
                for (var c = 0; c < source.Columns.Count; c++)
                {
                    var column = source.Columns[c];
                    if (star.Qualifier is null || string.Equals(column.Qualifier, star.Qualifier, StringComparison.OrdinalIgnoreCase))
                    {
                        var values = column.Values;
                        names.Add(column.Name);
                        getters.Add(r => values[r]);
                        any = true;
                    }
                }
                if (!any)
                {
                    throw new QueryException(star.Span, $"'{star.Qualifier}.*' names no table in FROM.");
                }
                continue;
            }
            names.Add(OutputName(item));
            getters.Add(compiler.Compile(item.Expression));
        }
        var output = new List<object?[]>(rows.Count);
        foreach (var r in rows)
        {
            var values = new object?[getters.Count];
            for (var c = 0; c < values.Length; c++)
            {
                values[c] = getters[c](r);
            }
            output.Add(values);
        }
        return (names, output);
    }

    internal static string OutputName(SelectItem item) => item.Alias ?? item.Expression switch
    {
        ColumnReference c => c.Name,
        AggregateCall a => a.Function.ToString().ToLowerInvariant(),
        FunctionCall f => f.Name.ToLowerInvariant(),
        _ => item.Expression.ToSql(),
    };

    /// <summary>
    /// Groups the rows, computes every aggregate per group, then evaluates the select list and HAVING
    /// over a relation with one row per group whose columns are the group keys and aggregate values.
    /// </summary>
    private static (List<string> Columns, List<object?[]> Rows) Aggregate(SelectStatement query, Relation source, List<int> rows)
    {
        var compiler = new RowExpressionCompiler(source);
        var keyExpressions = query.GroupBy.Select(g => ResolveGroupKey(g, query, source)).ToList();
        var keyGetters = keyExpressions.Select(compiler.Compile).ToList();
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupKeys = new List<object?[]>();
        var members = new List<List<int>>();
        foreach (var r in rows)
        {
            var key = new object?[keyGetters.Count];
            for (var k = 0; k < key.Length; k++)
            {
                key[k] = keyGetters[k](r);
            }
            var text = string.Join('\u001f', key.Select(v => v is null ? "\u0000" : v is long or double ? "n" + SqlValues.ToDouble(v).ToString("R", CultureInfo.InvariantCulture) : "s" + SqlValues.Text(v)));
            if (!groups.TryGetValue(text, out var g))
            {
                g = groups[text] = groupKeys.Count;
                groupKeys.Add(key);
                members.Add([]);
            }
            members[g].Add(r);
        }
        if (keyGetters.Count == 0 && groupKeys.Count == 0)
        {
            groupKeys.Add([]);
            members.Add([]);
        }

        var aggregates = query.Items.SelectMany(i => SqlRewriter.Aggregates(i.Expression))
            .Concat(query.Having is null ? [] : SqlRewriter.Aggregates(query.Having))
            .Concat(query.OrderBy.SelectMany(o => SqlRewriter.Aggregates(o.Expression)))
            .GroupBy(a => a.ToSql()).Select(g => g.First()).ToList();
        var aggregateValues = aggregates.Select(a => members.Select(m => ExactAggregates.Compute(a, compiler, m)).ToArray()).ToList();

        var groupColumns = new List<RelationColumn>();
        for (var k = 0; k < keyExpressions.Count; k++)
        {
            var index = k;
            groupColumns.Add(new RelationColumn(null, $"$key{k}", groupKeys.Select(key => key[index]).ToArray()));
        }
        for (var a = 0; a < aggregates.Count; a++)
        {
            groupColumns.Add(new RelationColumn(null, $"$agg{a}", aggregateValues[a]));
        }
        var groupRelation = new Relation(groupColumns, groupKeys.Count);
        var keyTexts = keyExpressions.Select(e => e.ToSql()).ToList();
        var aggregateTexts = aggregates.Select(a => a.ToSql()).ToList();

        SqlExpression ToGroup(SqlExpression e) => SqlRewriter.Rewrite(e, node =>
        {
            var text = node.ToSql();
            var k = keyTexts.IndexOf(text);
            if (k >= 0)
            {
                return new ColumnReference(null, $"$key{k}") { Span = node.Span };
            }
            if (node is AggregateCall)
            {
                return new ColumnReference(null, $"$agg{aggregateTexts.IndexOf(text)}") { Span = node.Span };
            }
            if (node is ColumnReference c)
            {
                var byName = keyExpressions.FindIndex(key => key is ColumnReference kc && string.Equals(kc.Name, c.Name, StringComparison.OrdinalIgnoreCase) && (c.Qualifier is null || string.Equals(kc.Qualifier, c.Qualifier, StringComparison.OrdinalIgnoreCase)));
                return byName >= 0
                    ? new ColumnReference(null, $"$key{byName}") { Span = node.Span }
                    : throw new QueryException(c.Span, $"the column '{c.Name}' must appear in GROUP BY or inside an aggregate.");
            }
            return null;
        });

        var groupCompiler = new RowExpressionCompiler(groupRelation);
        var items = query.Items.Select(i => i.Expression is StarExpression s
            ? throw new QueryException(s.Span, "'*' cannot be selected in an aggregating query.")
            : groupCompiler.Compile(ToGroup(i.Expression))).ToList();
        var having = query.Having is null ? null : groupCompiler.Compile(ToGroup(query.Having));
        var output = new List<object?[]>();
        for (var g = 0; g < groupRelation.RowCount; g++)
        {
            if (having is not null && SqlValues.Truth(having(g)) != true)
            {
                continue;
            }
            output.Add(items.Select(item => item(g)).ToArray());
        }
        return (query.Items.Select(OutputName).ToList(), output);
    }

    private static SqlExpression ResolveGroupKey(SqlExpression key, SelectStatement query, Relation source)
    {
        // GROUP BY may name an output alias of the select list (as SQLite and PostgreSQL allow).
        if (key is ColumnReference { Qualifier: null } c
            && !source.Columns.Any(col => string.Equals(col.Name, c.Name, StringComparison.OrdinalIgnoreCase))
            && query.Items.FirstOrDefault(i => string.Equals(i.Alias, c.Name, StringComparison.OrdinalIgnoreCase)) is { } item)
        {
            return item.Expression;
        }
        return key;
    }

    internal static QueryResult Finish(SelectStatement query, List<string> columns, List<object?[]> rows)
    {
        IEnumerable<object?[]> result = rows;
        if (query.Distinct)
        {
            result = result.DistinctBy(r => string.Join('\u001f', r.Select(v => v is null ? "\u0000" : SqlValues.Text(v))));
        }
        if (query.OrderBy.Count > 0)
        {
            var keys = query.OrderBy.Select(o => (Index: OrderColumn(o.Expression, query, columns), o.Descending)).ToList();
            result = result.Order(Comparer<object?[]>.Create((a, b) =>
            {
                foreach (var (index, descending) in keys)
                {
                    var x = a[index];
                    var y = b[index];
                    // NULLs sort last ascending, first descending (PostgreSQL's default).
                    var c = x is null ? (y is null ? 0 : 1) : y is null ? -1 : SqlValues.Compare(x, y);
                    if (c != 0)
                    {
                        return descending ? -c : c;
                    }
                }
                return 0;
            }));
        }
        if (query.Limit is { } limit)
        {
            result = result.Take((int)Math.Min(limit, int.MaxValue));
        }
        return new QueryResult(columns, result.Select(r => (IReadOnlyList<object?>)r).ToList());
    }

    private static int OrderColumn(SqlExpression e, SelectStatement query, List<string> columns)
    {
        if (e is IntegerLiteral { Value: var position })
        {
            return position >= 1 && position <= columns.Count
                ? (int)position - 1
                : throw new QueryException(e.Span, $"ORDER BY position {position} is not in the select list (1 to {columns.Count}).");
        }
        if (e is ColumnReference { Qualifier: null } c)
        {
            var byName = columns.FindIndex(n => string.Equals(n, c.Name, StringComparison.OrdinalIgnoreCase));
            if (byName >= 0)
            {
                return byName;
            }
        }
        var text = e.ToSql();
        var byExpression = query.Items.ToList().FindIndex(i => i.Expression.ToSql() == text);
        return byExpression >= 0
            ? byExpression
            : throw new QueryException(e.Span, $"ORDER BY {text} must name a column of the result (by name, position or the same expression).");
    }
}
