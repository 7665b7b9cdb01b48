namespace Sanitas.Query;

/// <content>FROM: table references, subqueries with their alias, and INNER/LEFT joins.</content>
internal static partial class SqlParser
{
    private sealed partial class Parser
    {
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
    }
}
