using System.Globalization;

namespace Sanitas.Query;

/// <content>Primary expressions: literals, names, function calls, aggregates, CASE and CAST.</content>
internal static partial class SqlParser
{
    private sealed partial class Parser
    {
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
