using System.Globalization;

namespace Sanitas.Query;

/// <summary>
/// Parses DP SQL: one SELECT query (a trailing <c>;</c> is allowed) into a <see cref="SelectStatement"/>.
/// A hand-written recursive-descent parser; expressions by precedence climbing (Pratt).
/// </summary>
/// <remarks>
/// Constructs outside DP SQL are rejected with an error naming them and their position: set operations
/// (UNION, INTERSECT, EXCEPT), WITH, window functions (OVER), statements other than SELECT, subqueries outside
/// FROM (<c>IN (SELECT ..)</c>, <c>EXISTS</c>, scalar subqueries), RIGHT/FULL/CROSS/NATURAL joins, comma joins,
/// OFFSET and multiple statements. The grammar is in docs/query-language.md.
/// </remarks>
public static class SqlParser
{
    /// <summary>Parses one DP SQL query.</summary>
    /// <param name="sql">The query text.</param>
    /// <returns>The syntax tree, with source spans on every node.</returns>
    /// <exception cref="SqlSyntaxException">The text is not a DP SQL query; the exception carries line, column and an excerpt.</exception>
    public static SelectStatement Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return new Parser(sql, SqlLexer.Tokenize(sql)).ParseQuery();
    }

    /// <summary>Parses one expression (as in a select item or WHERE), for tests and tools.</summary>
    /// <param name="sql">The expression text.</param>
    /// <returns>The expression tree.</returns>
    /// <exception cref="SqlSyntaxException">The text is not a single DP SQL expression.</exception>
    public static SqlExpression ParseExpression(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return new Parser(sql, SqlLexer.Tokenize(sql)).ParseStandaloneExpression();
    }

    private sealed class Parser(string sql, List<SqlToken> tokens)
    {
        // Binding powers, loosest first.
        private const int OrPower = 1;
        private const int AndPower = 2;
        private const int NotPower = 3;
        private const int ComparisonPower = 4;
        private const int PredicatePower = 5; // [NOT] IN, BETWEEN, LIKE
        private const int ConcatPower = 6;
        private const int AdditivePower = 7;
        private const int MultiplicativePower = 8;
        private const int UnaryPower = 9;

        private static readonly string[] ClauseOrder = ["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT"];

        private static readonly Dictionary<string, string> StatementKeywords = new(StringComparer.Ordinal)
        {
            ["INSERT"] = "INSERT statements are not supported: DP SQL only reads data with SELECT",
            ["UPDATE"] = "UPDATE statements are not supported: DP SQL only reads data with SELECT",
            ["DELETE"] = "DELETE statements are not supported: DP SQL only reads data with SELECT",
            ["MERGE"] = "MERGE statements are not supported: DP SQL only reads data with SELECT",
            ["CREATE"] = "CREATE statements (DDL) are not supported: DP SQL only reads data with SELECT",
            ["DROP"] = "DROP statements (DDL) are not supported: DP SQL only reads data with SELECT",
            ["ALTER"] = "ALTER statements (DDL) are not supported: DP SQL only reads data with SELECT",
            ["TRUNCATE"] = "TRUNCATE statements are not supported: DP SQL only reads data with SELECT",
            ["VALUES"] = "VALUES lists are not supported: DP SQL only reads data with SELECT",
            ["WITH"] = "WITH (common table expressions) is not supported; write the query as a subquery in FROM",
        };

        private static readonly Dictionary<string, AggregateFunction> Aggregates = new(StringComparer.OrdinalIgnoreCase)
        {
            ["COUNT"] = AggregateFunction.Count,
            ["SUM"] = AggregateFunction.Sum,
            ["AVG"] = AggregateFunction.Avg,
            ["VARIANCE"] = AggregateFunction.Variance,
            ["VAR"] = AggregateFunction.Variance,
            ["STDDEV"] = AggregateFunction.StdDev,
            ["STDEV"] = AggregateFunction.StdDev,
            ["MEDIAN"] = AggregateFunction.Median,
            ["PERCENTILE_CONT"] = AggregateFunction.PercentileCont,
            ["MIN"] = AggregateFunction.Min,
            ["MAX"] = AggregateFunction.Max,
        };

        /// <summary>
        /// Deepest nesting of expressions and subqueries; deeper input is rejected rather than overflowing
        /// the stack. Each link of an operator chain (<c>a + b + c</c> builds a left-deep tree) counts as a level.
        /// </summary>
        private const int MaxDepth = 200;

        /// <summary>
        /// Most operators (binary, IS, IN, BETWEEN, LIKE, JOIN) in one query: with <see cref="MaxDepth"/> it bounds
        /// the height of the syntax tree that every later stage walks recursively.
        /// </summary>
        private const int MaxOperators = 1000;

        private int _index;
        private int _depth;
        private int _operators;

        private SqlToken Current => tokens[_index];

        private SqlToken PeekToken(int ahead = 1) => tokens[Math.Min(_index + ahead, tokens.Count - 1)];

        private SourceSpan PreviousSpan => tokens[Math.Max(0, _index - 1)].Span;

        public SelectStatement ParseQuery()
        {
            if (Current.Kind == SqlTokenKind.Keyword && StatementKeywords.TryGetValue(Current.Text, out var message))
            {
                throw Error(message, Current.Span);
            }

            if (Current.IsSymbol("("))
            {
                throw Error("a parenthesized query is not supported at the top level; start with SELECT", Current.Span);
            }

            var statement = ParseSelect(nested: false);
            if (Current.IsSymbol(";"))
            {
                Advance();
                if (Current.Kind != SqlTokenKind.End)
                {
                    throw Error($"multiple statements are not supported: found {Describe(Current)} after ';'", Current.Span);
                }
            }

            if (Current.Kind != SqlTokenKind.End)
            {
                throw Error($"expected end of query, found {Describe(Current)}", Current.Span);
            }

            return statement;
        }

        public SqlExpression ParseStandaloneExpression()
        {
            var expression = ParseExpression();
            if (Current.Kind != SqlTokenKind.End)
            {
                throw Error($"expected end of expression, found {Describe(Current)}", Current.Span);
            }

            return expression;
        }

        private SqlSyntaxException Error(string detail, SourceSpan span) => new(detail, span, sql);

        private string Describe(SqlToken token) => token.Describe(sql);

        private SqlToken Advance()
        {
            var token = Current;
            if (token.Kind != SqlTokenKind.End)
            {
                _index++;
            }

            return token;
        }

        private bool AcceptKeyword(string keyword)
        {
            if (Current.IsKeyword(keyword))
            {
                Advance();
                return true;
            }

            return false;
        }

        private bool AcceptSymbol(string symbol)
        {
            if (Current.IsSymbol(symbol))
            {
                Advance();
                return true;
            }

            return false;
        }

        private SqlToken ExpectKeyword(string keyword, string context)
        {
            if (!Current.IsKeyword(keyword))
            {
                throw Error($"expected {keyword} {context}, found {Describe(Current)}", Current.Span);
            }

            return Advance();
        }

        private SqlToken ExpectSymbol(string symbol, string context)
        {
            if (!Current.IsSymbol(symbol))
            {
                throw Error($"expected '{symbol}' {context}, found {Describe(Current)}", Current.Span);
            }

            return Advance();
        }

        private SqlToken ExpectName(string what)
        {
            if (!Current.IsName)
            {
                var hint = Current.Kind == SqlTokenKind.Keyword ? $" ({Current.Text} is a reserved word; quote it as \"{Current.Text}\" to use it as a name)" : string.Empty;
                throw Error($"expected {what}, found {Describe(Current)}{hint}", Current.Span);
            }

            return Advance();
        }

        private T Spanned<T>(T node, SourceSpan start)
            where T : SqlNode => (T)((SqlNode)node with { Span = SourceSpan.Cover(start, PreviousSpan) });

        // ---- Statements ----------------------------------------------------------------------------------

        private SelectStatement ParseSelect(bool nested)
        {
            var start = ExpectKeyword("SELECT", nested ? "after '(' in FROM" : "at the start of the query").Span;
            var distinct = AcceptKeyword("DISTINCT");
            if (!distinct)
            {
                AcceptKeyword("ALL");
            }

            var items = new List<SelectItem> { ParseSelectItem() };
            while (AcceptSymbol(","))
            {
                items.Add(ParseSelectItem());
            }

            if (!Current.IsKeyword("FROM"))
            {
                throw Error($"expected FROM or ',' after select item, found {Describe(Current)}", Current.Span);
            }

            Advance();
            var from = ParseFrom();

            SqlExpression? where = null;
            SqlExpression? having = null;
            var groupBy = new List<SqlExpression>();
            var orderBy = new List<OrderByItem>();
            long? limit = null;
            var lastClause = -1;
            while (true)
            {
                var clause = Current.Kind == SqlTokenKind.Keyword ? Array.IndexOf(ClauseOrder, Current.Text) : -1;
                if (clause < 0)
                {
                    break;
                }

                if (clause <= lastClause)
                {
                    var name = ClauseName(Current.Text);
                    var message = clause == lastClause
                        ? $"{name} appears twice"
                        : $"{name} must come before {ClauseName(ClauseOrder[lastClause])} (clause order: WHERE, GROUP BY, HAVING, ORDER BY, LIMIT)";
                    throw Error(message, Current.Span);
                }

                lastClause = clause;
                var keyword = Advance();
                switch (keyword.Text)
                {
                    case "WHERE":
                        where = ParseExpression();
                        break;
                    case "GROUP":
                        ExpectKeyword("BY", "after GROUP");
                        groupBy.Add(ParseExpression());
                        while (AcceptSymbol(","))
                        {
                            groupBy.Add(ParseExpression());
                        }

                        break;
                    case "HAVING":
                        having = ParseExpression();
                        break;
                    case "ORDER":
                        ExpectKeyword("BY", "after ORDER");
                        orderBy.Add(ParseOrderByItem());
                        while (AcceptSymbol(","))
                        {
                            orderBy.Add(ParseOrderByItem());
                        }

                        break;
                    default:
                        limit = ParseLimit();
                        break;
                }
            }

            if (Current.Kind == SqlTokenKind.Keyword && Current.Text is "UNION" or "INTERSECT" or "EXCEPT")
            {
                throw Error($"{Current.Text} is not supported in DP queries: combine results of separate queries instead", Current.Span);
            }

            if (Current.IsKeyword("OFFSET"))
            {
                throw Error("OFFSET is not supported: noisy results have no stable row order to skip by", Current.Span);
            }

            if (Current.IsKeyword("FETCH"))
            {
                throw Error("FETCH is not supported; use LIMIT n", Current.Span);
            }

            if (Current.IsKeyword("WINDOW"))
            {
                throw Error("window functions (WINDOW clause) are not supported in DP queries", Current.Span);
            }

            return Spanned(new SelectStatement(distinct, [.. items], from, where, [.. groupBy], having, [.. orderBy], limit), start);
        }

        private static string ClauseName(string keyword) => keyword switch
        {
            "GROUP" => "GROUP BY",
            "ORDER" => "ORDER BY",
            _ => keyword,
        };

        private long ParseLimit()
        {
            if (Current.Kind != SqlTokenKind.Integer)
            {
                throw Error($"expected a non-negative integer after LIMIT, found {Describe(Current)}", Current.Span);
            }

            return long.Parse(Advance().Text, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        private SelectItem ParseSelectItem()
        {
            var start = Current.Span;
            SqlExpression expression;
            if (Current.IsSymbol("*"))
            {
                expression = new StarExpression(null) { Span = Advance().Span };
            }
            else if (Current.IsName && PeekToken().IsSymbol(".") && PeekToken(2).IsSymbol("*"))
            {
                var qualifier = Advance().Text;
                Advance();
                Advance();
                expression = Spanned(new StarExpression(qualifier), start);
            }
            else
            {
                expression = ParseExpression();
            }

            string? alias = null;
            if (AcceptKeyword("AS"))
            {
                alias = ExpectName("an alias after AS").Text;
            }
            else if (Current.IsName)
            {
                alias = Advance().Text;
            }

            if (alias is not null && expression is StarExpression)
            {
                throw Error("'*' cannot have an alias", PreviousSpan);
            }

            return Spanned(new SelectItem(expression, alias), start);
        }

        private OrderByItem ParseOrderByItem()
        {
            var start = Current.Span;
            var expression = ParseExpression();
            var descending = false;
            if (AcceptKeyword("DESC"))
            {
                descending = true;
            }
            else
            {
                AcceptKeyword("ASC");
            }

            if (Current.Kind == SqlTokenKind.Identifier && Current.Text.Equals("NULLS", StringComparison.OrdinalIgnoreCase))
            {
                throw Error("NULLS FIRST/LAST is not supported in ORDER BY", Current.Span);
            }

            return Spanned(new OrderByItem(expression, descending), start);
        }

        // ---- FROM ----------------------------------------------------------------------------------------

        private TableSource ParseFrom()
        {
            var start = Current.Span;
            var depth = _depth;
            var source = ParseTablePrimary();
            while (true)
            {
                if (Current.IsSymbol(","))
                {
                    throw Error("comma-separated tables in FROM (an implicit cross join) are not supported in DP queries; use JOIN ... ON", Current.Span);
                }

                if (Current.Kind == SqlTokenKind.Keyword && Current.Text is "RIGHT" or "FULL" or "CROSS" or "NATURAL")
                {
                    throw Error($"{Current.Text} JOIN is not supported in DP queries; use JOIN (inner) or LEFT JOIN with ON", Current.Span);
                }

                JoinKind kind;
                if (AcceptKeyword("JOIN"))
                {
                    kind = JoinKind.Inner;
                }
                else if (AcceptKeyword("INNER"))
                {
                    ExpectKeyword("JOIN", "after INNER");
                    kind = JoinKind.Inner;
                }
                else if (AcceptKeyword("LEFT"))
                {
                    AcceptKeyword("OUTER");
                    ExpectKeyword("JOIN", "after LEFT");
                    kind = JoinKind.Left;
                }
                else
                {
                    // Joins build a left-deep tree: each one was a level (Link), undone with the FROM clause.
                    _depth = depth;
                    return source;
                }

                Link();
                var right = ParseTablePrimary();
                if (Current.IsKeyword("USING"))
                {
                    throw Error("JOIN ... USING is not supported; write the condition with ON, e.g. ON a.x = b.x", Current.Span);
                }

                ExpectKeyword("ON", "after the joined table");
                var condition = ParseExpression();
                source = Spanned(new JoinSource(kind, source, right, condition), start);
            }
        }

        private TableSource ParseTablePrimary()
        {
            var start = Current.Span;
            if (Current.IsSymbol("("))
            {
                Advance();
                if (Current.IsKeyword("SELECT"))
                {
                    Enter();
                    var query = ParseSelect(nested: true);
                    _depth--;
                    ExpectSymbol(")", "after subquery");
                    var hasAs = AcceptKeyword("AS");
                    if (!Current.IsName)
                    {
                        var detail = hasAs
                            ? $"expected an alias after AS, found {Describe(Current)}"
                            : $"a subquery in FROM needs an alias, e.g. (SELECT ...) AS t; found {Describe(Current)}";
                        throw Error(detail, Current.Span);
                    }

                    var alias = Advance().Text;
                    return Spanned(new SubquerySource(query, alias), start);
                }

                if (Current.IsKeyword("WITH"))
                {
                    throw Error(StatementKeywords["WITH"], Current.Span);
                }

                Enter();
                var inner = ParseFrom();
                _depth--;
                ExpectSymbol(")", "after joined tables");
                return inner with { Span = SourceSpan.Cover(start, PreviousSpan) };
            }

            var name = ExpectName("a table name or '(' after FROM or JOIN");
            string? schema = null;
            var table = name.Text;
            if (AcceptSymbol("."))
            {
                schema = table;
                table = ExpectName("a table name after '.'").Text;
            }

            if (Current.IsSymbol("("))
            {
                throw Error($"table functions are not supported: '{table}(' in FROM", Current.Span);
            }

            string? tableAlias = null;
            if (AcceptKeyword("AS"))
            {
                tableAlias = ExpectName("an alias after AS").Text;
            }
            else if (Current.IsName)
            {
                tableAlias = Advance().Text;
            }

            return Spanned(new TableReference(schema, table, tableAlias), start);
        }

        // ---- Expressions ---------------------------------------------------------------------------------

        private SqlExpression ParseExpression(int minPower = 0)
        {
            // The chain links ParseExpressionAt enters are left with the expression.
            var depth = _depth;
            Enter();
            try
            {
                return ParseExpressionAt(minPower);
            }
            finally
            {
                _depth = depth;
            }
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"query nested too deeply (more than {MaxDepth} levels)", Current.Span);
            }
        }

        /// <summary>One more operator applied to the expression so far: one level deeper, and one more operator in the query.</summary>
        private void Link()
        {
            Enter();
            if (++_operators > MaxOperators)
            {
                throw Error($"query nested too deeply (more than {MaxOperators} operators)", Current.Span);
            }
        }

        private SqlExpression ParseExpressionAt(int minPower)
        {
            var start = Current.Span;
            SqlExpression left;
            if (Current.IsKeyword("NOT"))
            {
                Advance();
                var operand = ParseExpression(NotPower);
                left = Spanned(new UnaryExpression(UnaryOperator.Not, operand), start);
            }
            else if (Current.IsSymbol("-") || Current.IsSymbol("+"))
            {
                var op = Advance().Text == "-" ? UnaryOperator.Negate : UnaryOperator.Plus;
                var operand = ParseExpression(UnaryPower);
                left = Spanned(new UnaryExpression(op, operand), start);
            }
            else
            {
                left = ParsePrimary();
            }

            while (true)
            {
                var token = Current;
                if (token.Kind == SqlTokenKind.Symbol && BinaryOperatorFor(token.Text) is { } binary)
                {
                    var (op, power) = binary;
                    if (power <= minPower)
                    {
                        return left;
                    }

                    Link();
                    Advance();
                    var right = ParseExpression(power);
                    left = Spanned(new BinaryExpression(op, left, right), start);
                    continue;
                }

                if (token.Kind != SqlTokenKind.Keyword)
                {
                    return left;
                }

                switch (token.Text)
                {
                    case "OR" or "AND":
                        {
                            var power = token.Text == "OR" ? OrPower : AndPower;
                            if (power <= minPower)
                            {
                                return left;
                            }

                            Link();
                            Advance();
                            var right = ParseExpression(power);
                            left = Spanned(new BinaryExpression(token.Text == "OR" ? BinaryOperator.Or : BinaryOperator.And, left, right), start);
                            continue;
                        }

                    case "IS":
                        {
                            if (ComparisonPower <= minPower)
                            {
                                return left;
                            }

                            Link();
                            Advance();
                            var negated = AcceptKeyword("NOT");
                            if (!AcceptKeyword("NULL"))
                            {
                                throw Error($"expected NULL after IS{(negated ? " NOT" : string.Empty)}, found {Describe(Current)} (only IS [NOT] NULL is supported)", Current.Span);
                            }

                            left = Spanned(new IsNullExpression(left, negated), start);
                            continue;
                        }

                    case "NOT" or "IN" or "BETWEEN" or "LIKE":
                        {
                            var negated = token.Text == "NOT";
                            var predicate = negated ? PeekToken() : token;
                            if (!(predicate.IsKeyword("IN") || predicate.IsKeyword("BETWEEN") || predicate.IsKeyword("LIKE")))
                            {
                                if (negated)
                                {
                                    throw Error($"expected IN, BETWEEN or LIKE after NOT, found {Describe(predicate)}", predicate.Span);
                                }

                                return left;
                            }

                            if (PredicatePower <= minPower)
                            {
                                return left;
                            }

                            Link();
                            if (negated)
                            {
                                Advance();
                            }

                            Advance();
                            left = predicate.Text switch
                            {
                                "IN" => ParseIn(left, negated, start),
                                "BETWEEN" => ParseBetween(left, negated, start),
                                _ => ParseLike(left, negated, start),
                            };
                            continue;
                        }

                    case "OVER":
                        throw Error("window functions (OVER) are not supported in DP queries", token.Span);

                    default:
                        return left;
                }
            }
        }

        private static (BinaryOperator Op, int Power)? BinaryOperatorFor(string symbol) => symbol switch
        {
            "=" => (BinaryOperator.Equal, ComparisonPower),
            "<>" or "!=" => (BinaryOperator.NotEqual, ComparisonPower),
            "<" => (BinaryOperator.Less, ComparisonPower),
            "<=" => (BinaryOperator.LessOrEqual, ComparisonPower),
            ">" => (BinaryOperator.Greater, ComparisonPower),
            ">=" => (BinaryOperator.GreaterOrEqual, ComparisonPower),
            "||" => (BinaryOperator.Concat, ConcatPower),
            "+" => (BinaryOperator.Add, AdditivePower),
            "-" => (BinaryOperator.Subtract, AdditivePower),
            "*" => (BinaryOperator.Multiply, MultiplicativePower),
            "/" => (BinaryOperator.Divide, MultiplicativePower),
            "%" => (BinaryOperator.Modulo, MultiplicativePower),
            _ => null,
        };

        private InExpression ParseIn(SqlExpression operand, bool negated, SourceSpan start)
        {
            ExpectSymbol("(", "after IN");
            if (Current.IsKeyword("SELECT"))
            {
                throw Error("subqueries in IN (SELECT ...) are not supported in DP queries; subqueries are allowed only in FROM", Current.Span);
            }

            if (Current.IsSymbol(")"))
            {
                throw Error("IN needs at least one value, found ')'", Current.Span);
            }

            var values = new List<SqlExpression> { ParseExpression() };
            while (AcceptSymbol(","))
            {
                values.Add(ParseExpression());
            }

            ExpectSymbol(")", "or ',' in IN list");
            return Spanned(new InExpression(operand, [.. values], negated), start);
        }

        private BetweenExpression ParseBetween(SqlExpression operand, bool negated, SourceSpan start)
        {
            var low = ParseExpression(PredicatePower);
            ExpectKeyword("AND", "in BETWEEN ... AND ...");
            var high = ParseExpression(PredicatePower);
            return Spanned(new BetweenExpression(operand, low, high, negated), start);
        }

        private LikeExpression ParseLike(SqlExpression operand, bool negated, SourceSpan start)
        {
            var pattern = ParseExpression(PredicatePower);
            SqlExpression? escape = null;
            if (AcceptKeyword("ESCAPE"))
            {
                escape = ParseExpression(PredicatePower);
            }

            return Spanned(new LikeExpression(operand, pattern, escape, negated), start);
        }

        private SqlExpression ParsePrimary()
        {
            var token = Current;
            var start = token.Span;
            switch (token.Kind)
            {
                case SqlTokenKind.Integer:
                    Advance();
                    return new IntegerLiteral(long.Parse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture)) { Span = start };
                case SqlTokenKind.Decimal:
                    Advance();
                    return new DecimalLiteral(decimal.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture)) { Span = start };
                case SqlTokenKind.String:
                    Advance();
                    return new StringLiteral(token.Text) { Span = start };
                case SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier:
                    return ParseNameExpression();
                case SqlTokenKind.Keyword:
                    switch (token.Text)
                    {
                        case "TRUE" or "FALSE":
                            Advance();
                            return new BooleanLiteral(token.Text == "TRUE") { Span = start };
                        case "NULL":
                            Advance();
                            return new NullLiteral { Span = start };
                        case "CASE":
                            return ParseCase();
                        case "CAST":
                            return ParseCast();
                        case "EXISTS":
                            throw Error("EXISTS subqueries are not supported in DP queries; subqueries are allowed only in FROM", start);
                        case "SELECT":
                            throw Error("a subquery is not allowed here; subqueries are allowed only in FROM", start);
                        case "LEFT" or "RIGHT" when PeekToken().IsSymbol("("):
                            throw Error($"function {token.Text} is not supported; use SUBSTR", start);
                    }

                    break;
                case SqlTokenKind.Symbol when token.Text == "(":
                    {
                        Advance();
                        if (Current.IsKeyword("SELECT"))
                        {
                            throw Error("subqueries in expressions are not supported in DP queries; subqueries are allowed only in FROM", Current.Span);
                        }

                        var inner = ParseExpression();
                        ExpectSymbol(")", "to close '('");
                        return inner with { Span = SourceSpan.Cover(start, PreviousSpan) };
                    }

                case SqlTokenKind.Symbol when token.Text == "*":
                    throw Error("'*' is only allowed as a select item or in COUNT(*)", start);
            }

            throw Error($"expected an expression, found {Describe(token)}", start);
        }

        private SqlExpression ParseNameExpression()
        {
            var first = Advance();
            var start = first.Span;
            if (Current.IsSymbol("("))
            {
                if (first.Kind == SqlTokenKind.QuotedIdentifier)
                {
                    throw Error($"quoted function names are not supported: \"{first.Text}\"", start);
                }

                return ParseCall(first);
            }

            if (AcceptSymbol("."))
            {
                if (Current.IsSymbol("*"))
                {
                    throw Error($"'{first.Text}.*' is only allowed as a select item", start);
                }

                var column = ExpectName("a column name after '.'");
                if (Current.IsSymbol("."))
                {
                    throw Error("names with more than two parts are not supported; write table.column", Current.Span);
                }

                return Spanned(new ColumnReference(first.Text, column.Text), start);
            }

            return new ColumnReference(null, first.Text) { Span = start };
        }

        private SqlExpression ParseCall(SqlToken nameToken)
        {
            var start = nameToken.Span;
            var name = nameToken.Text.ToUpperInvariant();
            Advance(); // (
            SqlExpression call;
            if (Aggregates.TryGetValue(name, out var function))
            {
                call = ParseAggregate(name, function, start);
            }
            else
            {
                var arguments = new List<SqlExpression>();
                if (Current.IsKeyword("DISTINCT"))
                {
                    throw Error($"DISTINCT is only supported in aggregates; {name} is not one", Current.Span);
                }

                if (!Current.IsSymbol(")"))
                {
                    arguments.Add(ParseArgument(name));
                    while (AcceptSymbol(","))
                    {
                        arguments.Add(ParseArgument(name));
                    }
                }

                ExpectSymbol(")", $"or ',' in the arguments of {name}");
                call = Spanned(new FunctionCall(name, [.. arguments]), start);
            }

            if (Current.IsKeyword("OVER"))
            {
                throw Error("window functions (OVER) are not supported in DP queries", Current.Span);
            }

            if (Current.Kind == SqlTokenKind.Identifier && Current.Text.Equals("FILTER", StringComparison.OrdinalIgnoreCase) && PeekToken().IsSymbol("("))
            {
                throw Error("aggregate FILTER (WHERE ...) is not supported; use CASE WHEN inside the aggregate", Current.Span);
            }

            if (Current.Kind == SqlTokenKind.Identifier && Current.Text.Equals("WITHIN", StringComparison.OrdinalIgnoreCase))
            {
                var detail = function == AggregateFunction.PercentileCont && name == "PERCENTILE_CONT"
                    ? "PERCENTILE_CONT(expression, fraction) takes no WITHIN GROUP; write PERCENTILE_CONT(fraction) WITHIN GROUP (ORDER BY expression)"
                    : $"WITHIN GROUP is only supported with PERCENTILE_CONT, not {name}";
                throw Error(detail, Current.Span);
            }

            return call;
        }

        private SqlExpression ParseArgument(string function)
        {
            if (Current.IsSymbol("*"))
            {
                throw Error($"'*' is only allowed in COUNT(*), not in {function}", Current.Span);
            }

            return ParseExpression();
        }

        private AggregateCall ParseAggregate(string name, AggregateFunction function, SourceSpan start)
        {
            var distinct = false;
            if (Current.IsKeyword("DISTINCT"))
            {
                distinct = true;
                Advance();
            }
            else
            {
                AcceptKeyword("ALL");
            }

            if (function == AggregateFunction.Count && distinct && Current.IsSymbol("*"))
            {
                throw Error("COUNT(DISTINCT *) is not supported; count the distinct values of a column, e.g. COUNT(DISTINCT PatientId)", Current.Span);
            }

            if (function == AggregateFunction.Count && !distinct && Current.IsSymbol("*"))
            {
                var star = new StarExpression(null) { Span = Advance().Span };
                ExpectSymbol(")", "after COUNT(*");
                return Spanned(new AggregateCall(function, star, false, null), start);
            }

            if (Current.IsSymbol(")"))
            {
                throw Error($"{name} needs an argument", Current.Span);
            }

            var argument = ParseArgument(name);
            if (function == AggregateFunction.PercentileCont)
            {
                if (distinct)
                {
                    throw Error("DISTINCT is not supported in PERCENTILE_CONT", start);
                }

                if (AcceptSymbol(","))
                {
                    // PERCENTILE_CONT(expr, p)
                    var fraction = ParseExpression();
                    ExpectSymbol(")", "after PERCENTILE_CONT(expression, fraction");
                    return Spanned(new AggregateCall(function, argument, false, fraction), start);
                }

                // PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY expr)
                ExpectSymbol(")", "or ',' in PERCENTILE_CONT");
                if (!(Current.Kind == SqlTokenKind.Identifier && Current.Text.Equals("WITHIN", StringComparison.OrdinalIgnoreCase)))
                {
                    throw Error($"expected WITHIN GROUP (ORDER BY expression) after PERCENTILE_CONT(fraction), found {Describe(Current)}", Current.Span);
                }

                Advance();
                ExpectKeyword("GROUP", "after WITHIN");
                ExpectSymbol("(", "after WITHIN GROUP");
                ExpectKeyword("ORDER", "in WITHIN GROUP (");
                ExpectKeyword("BY", "after ORDER");
                var ordered = ParseExpression();
                if (Current.IsKeyword("DESC"))
                {
                    throw Error("DESC is not supported in WITHIN GROUP; use PERCENTILE_CONT(1 - p) instead", Current.Span);
                }

                AcceptKeyword("ASC");
                ExpectSymbol(")", "after WITHIN GROUP (ORDER BY expression");
                return Spanned(new AggregateCall(function, ordered, false, argument), start);
            }

            if (Current.IsSymbol(","))
            {
                throw Error($"{name} takes one argument", Current.Span);
            }

            ExpectSymbol(")", $"after the argument of {name}");
            return Spanned(new AggregateCall(function, argument, distinct, null), start);
        }

        private CaseExpression ParseCase()
        {
            var start = Advance().Span;
            SqlExpression? operand = null;
            if (!Current.IsKeyword("WHEN"))
            {
                operand = ParseExpression();
            }

            var whens = new List<WhenClause>();
            while (Current.IsKeyword("WHEN"))
            {
                var whenStart = Advance().Span;
                var condition = ParseExpression();
                ExpectKeyword("THEN", "after the WHEN condition");
                var result = ParseExpression();
                whens.Add(Spanned(new WhenClause(condition, result), whenStart));
            }

            if (whens.Count == 0)
            {
                throw Error($"expected WHEN in CASE, found {Describe(Current)}", Current.Span);
            }

            SqlExpression? elseResult = null;
            if (AcceptKeyword("ELSE"))
            {
                elseResult = ParseExpression();
            }

            ExpectKeyword("END", elseResult is null ? "or ELSE or WHEN in CASE" : "to close CASE");
            return Spanned(new CaseExpression(operand, [.. whens], elseResult), start);
        }

        private CastExpression ParseCast()
        {
            var start = Advance().Span;
            ExpectSymbol("(", "after CAST");
            var operand = ParseExpression();
            ExpectKeyword("AS", "in CAST(expression AS type)");
            if (Current.Kind != SqlTokenKind.Identifier)
            {
                throw Error($"expected a type name after AS in CAST, found {Describe(Current)}", Current.Span);
            }

            var words = new List<string>();
            while (Current.Kind == SqlTokenKind.Identifier)
            {
                words.Add(Advance().Text.ToUpperInvariant());
            }

            var typeName = string.Join(' ', words);
            if (AcceptSymbol("("))
            {
                var sizes = new List<string>();
                do
                {
                    if (Current.Kind != SqlTokenKind.Integer)
                    {
                        throw Error($"expected an integer in the type size, found {Describe(Current)}", Current.Span);
                    }

                    sizes.Add(Advance().Text);
                }
                while (AcceptSymbol(","));
                ExpectSymbol(")", "after the type size");
                typeName += "(" + string.Join(", ", sizes) + ")";
            }

            ExpectSymbol(")", "after the type in CAST");
            return Spanned(new CastExpression(operand, typeName), start);
        }
    }
}
