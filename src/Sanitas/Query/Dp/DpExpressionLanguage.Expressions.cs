using System.Globalization;

namespace Sanitas.Query;

/// <content>
/// The expression rules: each operator, function and cast of the language with its type rule, its
/// total rewriting (clamped columns, <c>NULLIF</c> divisors, checked LIKE patterns) and the interval
/// arithmetic that keeps every intermediate value within ±2^53.
/// </content>
internal static partial class DpExpressionLanguage
{

    /// <summary>Checks an expression, returning its total form and what is known of its values.</summary>
    private static (SqlExpression Expression, Facts Facts) Expression(SqlExpression e, List<ScopeColumn> scope, string where)
    {
        (SqlExpression Expression, Facts Facts) Of(SqlExpression x) => Expression(x, scope, where);
        switch (e)
        {
            case IntegerLiteral i:
                return (e, Facts.Number(true, i.Value, i.Value));
            case DecimalLiteral d:
                return (e, Facts.Number(false, (double)d.Value, (double)d.Value));
            case StringLiteral:
                return (e, Facts.Of(DpTypeChecker.SqlType.Text));
            case BooleanLiteral:
                return (e, Facts.Of(DpTypeChecker.SqlType.Boolean));
            case NullLiteral:
                return (e, Facts.Null);
            case ColumnReference r:
                return (e, Resolve(r, scope).Facts);
            case StarExpression s:
                throw new QueryException(s.Span, "'*' is only allowed as a whole select item or in COUNT(*); nothing was charged.");
            case AggregateCall a:
                throw new QueryException(a.Span, $"{a.ToSql()}: aggregates are allowed only in the outer select list, HAVING and ORDER BY; nothing was charged.");
            case UnaryExpression u:
                {
                    if (u.Operator == UnaryOperator.Not)
                    {
                        var (operand, _) = Of(u.Operand);
                        return (u with { Operand = operand }, Facts.Of(DpTypeChecker.SqlType.Boolean));
                    }
                    var (value, facts) = Numeric(u.Operand, scope, where, "a sign");
                    return u.Operator == UnaryOperator.Negate
                        ? (u with { Operand = value }, facts with { Lower = -facts.Upper, Upper = -facts.Lower })
                        : (u with { Operand = value }, facts);
                }
            case BinaryExpression b:
                return Binary(b, scope, where);
            case LikeExpression like:
                {
                    var (operand, facts) = Of(like.Operand);
                    if (facts.Type is DpTypeChecker.SqlType.Number or DpTypeChecker.SqlType.Boolean)
                    {
                        var kind = facts.Type == DpTypeChecker.SqlType.Number ? "a number" : "a boolean";
                        throw new QueryException(like.Operand.Span, $"LIKE matches text, but {like.Operand.ToSql()} is {kind}; nothing was charged.");
                    }
                    if (like.Pattern is not StringLiteral pattern)
                    {
                        throw new QueryException(like.Pattern.Span, "LIKE needs a constant pattern (a string literal) in DP queries; nothing was charged.");
                    }
                    LikePattern(like, pattern.Value);
                    return (like with { Operand = operand }, Facts.Of(DpTypeChecker.SqlType.Boolean));
                }
            case InExpression @in:
                {
                    var (operand, _) = Of(@in.Operand);
                    var values = @in.Values.Select(v => Of(v).Expression).ToList();
                    return (@in with { Operand = operand, Values = new NodeList<SqlExpression>(values) }, Facts.Of(DpTypeChecker.SqlType.Boolean));
                }
            case BetweenExpression between:
                return (between with { Operand = Of(between.Operand).Expression, Low = Of(between.Low).Expression, High = Of(between.High).Expression }, Facts.Of(DpTypeChecker.SqlType.Boolean));
            case IsNullExpression isNull:
                return (isNull with { Operand = Of(isNull.Operand).Expression }, Facts.Of(DpTypeChecker.SqlType.Boolean));
            case CaseExpression @case:
                {
                    var operand = @case.Operand is null ? null : Of(@case.Operand).Expression;
                    var whens = new List<WhenClause>();
                    Facts? result = null;
                    foreach (var when in @case.Whens)
                    {
                        var (value, facts) = Of(when.Result);
                        whens.Add(when with { Condition = Of(when.Condition).Expression, Result = value });
                        result = Union(result, facts);
                    }
                    SqlExpression? otherwise = null;
                    if (@case.Else is not null)
                    {
                        var (value, facts) = Of(@case.Else);
                        otherwise = value;
                        result = Union(result, facts);
                    }
                    return (@case with { Operand = operand, Whens = new NodeList<WhenClause>(whens), Else = otherwise }, result ?? Facts.Null);
                }
            case FunctionCall f:
                return Function(f, scope, where);
            case CastExpression cast:
                return Cast(cast, scope, where);
            default:
                throw new QueryException(e.Span, $"the expression {e.ToSql()} is not in the DP query language; nothing was charged.");
        }
    }

    private static Facts Union(Facts? a, Facts b)
    {
        if (a is not { } x)
        {
            return b;
        }
        if (x == Facts.Null)
        {
            return b;
        }
        if (b == Facts.Null)
        {
            return x;
        }
        var type = x.Type == b.Type ? x.Type : DpTypeChecker.SqlType.Unknown;
        return new Facts(type, x.Integer && b.Integer, Math.Min(x.Lower, b.Lower), Math.Max(x.Upper, b.Upper));
    }

    /// <summary>A numeric operand with a known, finite range; a bounded column is clamped to its declared bounds.</summary>
    private static (SqlExpression Expression, Facts Facts) Numeric(SqlExpression operand, List<ScopeColumn> scope, string where, string what)
    {
        var (expression, facts) = Expression(operand, scope, where);
        if (facts == Facts.Null)
        {
            return (expression, Facts.Number(true, 0, 0));
        }
        if (facts.Type != DpTypeChecker.SqlType.Number)
        {
            var kind = facts.Type switch
            {
                DpTypeChecker.SqlType.Temporal => "a date (date arithmetic is not in the DP query language)",
                DpTypeChecker.SqlType.Text => "text",
                DpTypeChecker.SqlType.Boolean => "a boolean",
                _ => "of unknown type",
            };
            throw new QueryException(operand.Span, $"{what} needs a number, but {operand.ToSql()} is {kind}; nothing was charged.");
        }
        if (!facts.Bounded)
        {
            throw new QueryException(operand.Span, $"{what} on {operand.ToSql()} needs declared bounds (lower and upper in the metadata): without them the result's range is unknown and could overflow on some engine; nothing was charged.");
        }
        if (operand is ColumnReference column && Resolve(column, scope).Base is { HasBounds: true })
        {
            expression = Clamp(column, facts);
        }
        return (expression, facts);
    }

    /// <summary><c>CASE WHEN c &lt; L THEN L WHEN c &gt; U THEN U ELSE c END</c>: NULL stays NULL; values outside the declared bounds count as the nearest bound.</summary>
    private static SqlExpression Clamp(ColumnReference c, Facts facts)
    {
        SqlExpression Literal(double v) => facts.Integer
            ? new IntegerLiteral((long)v) { Span = c.Span }
            : new DecimalLiteral((decimal)v) { Span = c.Span };
        var lower = Literal(facts.Lower);
        var upper = Literal(facts.Upper);
        return new CaseExpression(null,
            [
                new WhenClause(new BinaryExpression(BinaryOperator.Less, c, lower) { Span = c.Span }, lower) { Span = c.Span },
                new WhenClause(new BinaryExpression(BinaryOperator.Greater, c, upper) { Span = c.Span }, upper) { Span = c.Span },
            ],
            c)
        { Span = c.Span };
    }

    private static Facts Checked(SqlNode at, Facts facts)
    {
        if (!(facts.Magnitude <= MaxMagnitude))
        {
            throw new QueryException(at.Span, $"{at.ToSql()} can reach {facts.Magnitude.ToString("G6", CultureInfo.InvariantCulture)} in magnitude, beyond ±2^53 (integers overflow in SQLite and PostgreSQL there): narrow the declared bounds or the constants; nothing was charged.");
        }
        return facts;
    }

    private static (SqlExpression Expression, Facts Facts) Binary(BinaryExpression b, List<ScopeColumn> scope, string where)
    {
        switch (b.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
            case BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                {
                    var left = Expression(b.Left, scope, where).Expression;
                    var right = Expression(b.Right, scope, where).Expression;
                    return (b with { Left = left, Right = right }, Facts.Of(DpTypeChecker.SqlType.Boolean));
                }
            case BinaryOperator.Concat:
                {
                    var left = Expression(b.Left, scope, where).Expression;
                    var right = Expression(b.Right, scope, where).Expression;
                    return (b with { Left = left, Right = right }, Facts.Of(DpTypeChecker.SqlType.Text));
                }
        }
        var what = b.Operator.ToString().ToLowerInvariant();
        var (l, lf) = Numeric(b.Left, scope, where, what);
        var (r, rf) = Numeric(b.Right, scope, where, what);
        var integer = lf.Integer && rf.Integer;
        switch (b.Operator)
        {
            case BinaryOperator.Add:
                return (b with { Left = l, Right = r }, Checked(b, Facts.Number(integer, lf.Lower + rf.Lower, lf.Upper + rf.Upper)));
            case BinaryOperator.Subtract:
                return (b with { Left = l, Right = r }, Checked(b, Facts.Number(integer, lf.Lower - rf.Upper, lf.Upper - rf.Lower)));
            case BinaryOperator.Multiply:
                {
                    double[] corners = [lf.Lower * rf.Lower, lf.Lower * rf.Upper, lf.Upper * rf.Lower, lf.Upper * rf.Upper];
                    return (b with { Left = l, Right = r }, Checked(b, Facts.Number(integer, corners.Min(), corners.Max())));
                }
            case BinaryOperator.Divide:
                {
                    double largest;
                    if (rf.Integer)
                    {
                        // A nonzero integer divisor has magnitude at least 1 (zero becomes NULL).
                        largest = lf.Magnitude;
                    }
                    else if (rf.Lower > 0 || rf.Upper < 0)
                    {
                        largest = lf.Magnitude / Math.Min(Math.Abs(rf.Lower), Math.Abs(rf.Upper));
                    }
                    else
                    {
                        throw new QueryException(b.Right.Span, $"division by {b.Right.ToSql()}, a real value that can come arbitrarily close to 0, could overflow: divide by an integer, a constant, or an expression bounded away from zero; nothing was charged.");
                    }
                    return (b with { Left = l, Right = NullIfZero(r) }, Checked(b, Facts.Number(integer, -largest, largest)));
                }
            case BinaryOperator.Modulo:
                if (!integer)
                {
                    throw new QueryException(b.Span, $"% needs integers on every engine, but {b.ToSql()} has a real operand; nothing was charged.");
                }
                return (b with { Left = l, Right = NullIfZero(r) }, Facts.Number(true, -lf.Magnitude, lf.Magnitude));
            default:
                throw new QueryException(b.Span, $"the operator in {b.ToSql()} is not in the DP query language; nothing was charged.");
        }
    }

    private static SqlExpression NullIfZero(SqlExpression divisor) =>
        new FunctionCall("NULLIF", [divisor, new IntegerLiteral(0) { Span = divisor.Span }]) { Span = divisor.Span };

    private static void LikePattern(LikeExpression like, string pattern)
    {
        char? escape = null;
        if (like.Escape is not null)
        {
            if (like.Escape is not StringLiteral { Value.Length: 1 } e)
            {
                throw new QueryException(like.Escape.Span, "ESCAPE needs a constant of exactly one character; nothing was charged.");
            }
            escape = e.Value[0];
        }
        else if (pattern.Contains('\\', StringComparison.Ordinal))
        {
            // PostgreSQL escapes with a backslash by default, SQLite and memory do not: say which is meant.
            throw new QueryException(like.Pattern.Span, "a LIKE pattern with a backslash needs an explicit ESCAPE clause (e.g. ESCAPE '\\'), so that every engine reads it alike; nothing was charged.");
        }
        if (escape is { } c)
        {
            for (var i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] == c)
                {
                    if (i + 1 >= pattern.Length || (pattern[i + 1] != '%' && pattern[i + 1] != '_' && pattern[i + 1] != c))
                    {
                        throw new QueryException(like.Pattern.Span, $"the escape character '{c}' must be followed by %, _ or itself in the LIKE pattern; nothing was charged.");
                    }
                    i++;
                }
            }
        }
    }

    private static (SqlExpression Expression, Facts Facts) Function(FunctionCall f, List<ScopeColumn> scope, string where)
    {
        void Arity(int min, int max)
        {
            if (f.Arguments.Count < min || f.Arguments.Count > max)
            {
                var count = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}";
                throw new QueryException(f.Span, $"{f.Name} takes {count} argument(s), got {f.Arguments.Count}; nothing was charged.");
            }
        }
        switch (f.Name)
        {
            case "FLOOR" or "CEIL" or "CEILING":
                {
                    Arity(1, 1);
                    var (x, facts) = Numeric(f.Arguments[0], scope, where, f.Name);
                    var result = Facts.Number(facts.Integer, Math.Floor(facts.Lower), Math.Ceiling(facts.Upper));
                    return (f with { Arguments = [x] }, result with { Integer = false });
                }
            case "ROUND":
                {
                    Arity(1, 2);
                    var (x, facts) = Numeric(f.Arguments[0], scope, where, f.Name);
                    if (f.Arguments.Count == 2 && f.Arguments[1] is not IntegerLiteral { Value: >= 0 and <= 10 })
                    {
                        throw new QueryException(f.Arguments[1].Span, "ROUND's digits must be an integer constant from 0 to 10; nothing was charged.");
                    }
                    var result = Facts.Number(false, Math.Floor(facts.Lower), Math.Ceiling(facts.Upper));
                    // PostgreSQL has ROUND(double, digits) only for NUMERIC, and rounds doubles half to even:
                    // through NUMERIC every engine rounds half away from zero.
                    SqlExpression exact = new CastExpression(x, "NUMERIC") { Span = x.Span };
                    return (f with { Arguments = f.Arguments.Count == 1 ? [exact] : [exact, f.Arguments[1]] }, result);
                }
            case "ABS":
                {
                    Arity(1, 1);
                    var (x, facts) = Numeric(f.Arguments[0], scope, where, f.Name);
                    var lower = facts.Lower <= 0 && facts.Upper >= 0 ? 0 : Math.Min(Math.Abs(facts.Lower), Math.Abs(facts.Upper));
                    return (f with { Arguments = [x] }, Facts.Number(facts.Integer, lower, facts.Magnitude));
                }
            case "CLAMP":
                {
                    // CLAMP(x, L, U): x limited to public literal bounds; per aggregate, they override the column's.
                    Arity(3, 3);
                    var (x, facts) = Expression(f.Arguments[0], scope, where);
                    if (facts != Facts.Null && facts.Type != DpTypeChecker.SqlType.Number)
                    {
                        throw new QueryException(f.Arguments[0].Span, $"CLAMP needs a number, but {f.Arguments[0].ToSql()} is not a number; nothing was charged.");
                    }
                    var (lower, lowerInteger) = ClampBound(f.Arguments[1]);
                    var (upper, upperInteger) = ClampBound(f.Arguments[2]);
                    if (lower > upper)
                    {
                        throw new QueryException(f.Span, $"CLAMP's lower bound {f.Arguments[1].ToSql()} is above its upper bound {f.Arguments[2].ToSql()}; nothing was charged.");
                    }
                    var (l, u) = (f.Arguments[1], f.Arguments[2]);
                    // Total on every engine: comparisons never fail; NULL stays NULL (both comparisons are NULL).
                    var clamped = new CaseExpression(null,
                        [
                            new WhenClause(new BinaryExpression(BinaryOperator.Less, x, l) { Span = f.Span }, l) { Span = f.Span },
                            new WhenClause(new BinaryExpression(BinaryOperator.Greater, x, u) { Span = f.Span }, u) { Span = f.Span },
                        ],
                        x)
                    { Span = f.Span };
                    var range = Facts.Number(facts.Integer && lowerInteger && upperInteger,
                        Math.Max(lower, Math.Min(facts.Lower, upper)), Math.Min(upper, Math.Max(facts.Upper, lower)));
                    return (clamped, range);
                }
            case "COALESCE" or "NULLIF":
                {
                    if (f.Name == "NULLIF")
                    {
                        Arity(2, 2);
                    }
                    else
                    {
                        Arity(1, 32);
                    }
                    var arguments = f.Arguments.Select(a => Expression(a, scope, where)).ToList();
                    var facts = f.Name == "NULLIF" ? arguments[0].Facts : arguments.Select(a => a.Facts).Aggregate((Facts?)null, (s, a) => Union(s, a)) ?? Facts.Null;
                    return (f with { Arguments = new NodeList<SqlExpression>(arguments.Select(a => a.Expression)) }, facts);
                }
            case "LOWER" or "UPPER" or "LENGTH":
                {
                    Arity(1, 1);
                    var (x, facts) = Expression(f.Arguments[0], scope, where);
                    if (facts.Type is not DpTypeChecker.SqlType.Text and not DpTypeChecker.SqlType.Unknown)
                    {
                        throw new QueryException(f.Arguments[0].Span, $"{f.Name} needs text, but {f.Arguments[0].ToSql()} is not text; nothing was charged.");
                    }
                    return (f with { Arguments = [x] }, f.Name == "LENGTH" ? Facts.Number(true, 0, int.MaxValue) : Facts.Of(DpTypeChecker.SqlType.Text));
                }
            default:
                throw new QueryException(f.Span, $"the function {f.Name} is not in the DP query language (allowed: {string.Join(", ", Functions)}; see docs/query-language.md); nothing was charged.");
        }
    }

    /// <summary>A bound of CLAMP: a numeric literal, possibly negated, of magnitude at most 1e15 (public: it is part of the query).</summary>
    private static (double Value, bool Integer) ClampBound(SqlExpression bound)
    {
        var (value, integer) = bound switch
        {
            IntegerLiteral i => ((double)i.Value, true),
            DecimalLiteral d => ((double)d.Value, false),
            UnaryExpression { Operator: UnaryOperator.Negate, Operand: IntegerLiteral i } => (-(double)i.Value, true),
            UnaryExpression { Operator: UnaryOperator.Negate, Operand: DecimalLiteral d } => (-(double)d.Value, false),
            _ => throw new QueryException(bound.Span, $"CLAMP's bounds must be number constants (public, part of the query), but {bound.ToSql()} is not; nothing was charged."),
        };
        if (Math.Abs(value) > 1e15)
        {
            throw new QueryException(bound.Span, $"CLAMP's bound {bound.ToSql()} exceeds ±1e15 in magnitude; nothing was charged.");
        }
        return (value, integer);
    }

    private static (SqlExpression Expression, Facts Facts) Cast(CastExpression cast, List<ScopeColumn> scope, string where)
    {
        var (operand, facts) = Expression(cast.Operand, scope, where);
        var target = cast.TypeName;
        if (target is "TEXT" or "VARCHAR")
        {
            return (cast with { Operand = operand }, Facts.Of(DpTypeChecker.SqlType.Text));
        }
        var numeric = facts.Type == DpTypeChecker.SqlType.Number || facts == Facts.Null;
        if (target is "INTEGER" or "INT" or "BIGINT" && numeric && facts.Integer)
        {
            var (value, bounded) = Numeric(cast.Operand, scope, where, "CAST");
            return (cast with { Operand = value }, Checked(cast, bounded));
        }
        if (target is "REAL" or "DOUBLE PRECISION" or "FLOAT" && numeric)
        {
            return (cast with { Operand = operand }, facts with { Integer = false });
        }
        var reason = !numeric && target is "INTEGER" or "INT" or "BIGINT" or "REAL" or "DOUBLE PRECISION" or "FLOAT"
            ? "text or dates cannot be cast to numbers in DP queries (a value that does not parse would raise an error on PostgreSQL)"
            : target is "INTEGER" or "INT" or "BIGINT"
                ? "a real cannot be cast to an integer in DP queries (engines round differently; use FLOOR, CEIL or ROUND)"
                : $"CAST to {target} is not in the DP query language (allowed: INTEGER from integers, REAL/DOUBLE PRECISION/FLOAT from numbers, TEXT from anything)";
        throw new QueryException(cast.Span, $"{cast.ToSql()}: {reason}; nothing was charged.");
    }
}
