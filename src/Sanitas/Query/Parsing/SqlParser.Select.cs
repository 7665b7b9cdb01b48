using System.Globalization;

namespace Sanitas.Query;

/// <content>The SELECT statement: its clauses in order, select items, ORDER BY and LIMIT.</content>
internal static partial class SqlParser
{
    private sealed partial class Parser
    {
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
    }
}
