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
internal static partial class SqlParser
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

    private sealed partial class Parser(string sql, List<SqlToken> tokens)
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
    }
}
