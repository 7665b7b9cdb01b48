namespace Sanitas.Query;

/// <content>Expressions by precedence climbing: the binary and unary operators, IS, [NOT] IN, BETWEEN and LIKE, with the depth and operator limits.</content>
internal static partial class SqlParser
{
    private sealed partial class Parser
    {
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
    }
}
