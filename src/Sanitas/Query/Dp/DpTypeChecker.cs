namespace Sanitas.Query;

/// <summary>
/// Checks the types of a DP query's expressions against the declared metadata before anything is
/// charged: a comparison of text with a number, arithmetic on text, LIKE on a number, or a numeric
/// aggregate of a text column is an error naming its place in the SQL. SQLite would silently compare
/// across types and PostgreSQL or the in-memory engine would fail only after the charge, so the
/// check makes the three engines agree and costs the analyst nothing. Columns the metadata does not
/// declare, and functions it does not know, are not checked (the database checks them, also before
/// the charge).
/// </summary>
internal static class DpTypeChecker
{
    /// <summary>The type of a value as far as the check is concerned.</summary>
    internal enum SqlType
    {
        Unknown,
        Number,
        Text,
        Temporal,
        Boolean,
    }

    /// <summary>Infers the type of <paramref name="e"/>, throwing on a mismatch.</summary>
    /// <param name="e">The expression.</param>
    /// <param name="column">The type of a column reference (Unknown when undeclared).</param>
    public static SqlType Check(SqlExpression e, Func<ColumnReference, SqlType> column)
    {
        SqlType Of(SqlExpression x) => Check(x, column);
        switch (e)
        {
            case IntegerLiteral or DecimalLiteral:
                return SqlType.Number;
            case StringLiteral:
                return SqlType.Text;
            case BooleanLiteral:
                return SqlType.Boolean;
            case ColumnReference c:
                return column(c);
            case UnaryExpression u:
                {
                    var t = Of(u.Operand);
                    if (u.Operator != UnaryOperator.Not)
                    {
                        Numeric(u.Operand, t, "a sign");
                        return SqlType.Number;
                    }
                    return SqlType.Boolean;
                }
            case BinaryExpression b:
                {
                    var (l, r) = (Of(b.Left), Of(b.Right));
                    switch (b.Operator)
                    {
                        case BinaryOperator.And or BinaryOperator.Or:
                            return SqlType.Boolean;
                        case BinaryOperator.Concat:
                            return SqlType.Text;
                        case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo:
                            if (l == SqlType.Temporal || r == SqlType.Temporal)
                            {
                                return SqlType.Unknown;   // date arithmetic differs between engines; left to them
                            }
                            Numeric(b.Left, l, b.Operator.ToString().ToLowerInvariant());
                            Numeric(b.Right, r, b.Operator.ToString().ToLowerInvariant());
                            return SqlType.Number;
                        default:
                            Comparable(b, b.Left, l, b.Right, r);
                            return SqlType.Boolean;
                    }
                }
            case LikeExpression like:
                {
                    var t = Of(like.Operand);
                    if (t is SqlType.Number or SqlType.Boolean)
                    {
                        throw new QueryException(like.Operand.Span, $"LIKE matches text, but {like.Operand.ToSql()} is {Name(t)}; nothing was charged.");
                    }
                    Of(like.Pattern);
                    return SqlType.Boolean;
                }
            case InExpression @in:
                {
                    var t = Of(@in.Operand);
                    foreach (var value in @in.Values)
                    {
                        Comparable(value, @in.Operand, t, value, Of(value));
                    }
                    return SqlType.Boolean;
                }
            case BetweenExpression between:
                {
                    var t = Of(between.Operand);
                    Comparable(between.Low, between.Operand, t, between.Low, Of(between.Low));
                    Comparable(between.High, between.Operand, t, between.High, Of(between.High));
                    return SqlType.Boolean;
                }
            case IsNullExpression isNull:
                Of(isNull.Operand);
                return SqlType.Boolean;
            case CaseExpression @case:
                {
                    var operand = @case.Operand is null ? SqlType.Unknown : Of(@case.Operand);
                    var result = SqlType.Unknown;
                    foreach (var when in @case.Whens)
                    {
                        var condition = Of(when.Condition);
                        if (@case.Operand is not null)
                        {
                            Comparable(when.Condition, @case.Operand, operand, when.Condition, condition);
                        }
                        result = Merge(result, Of(when.Result));
                    }
                    return @case.Else is null ? result : Merge(result, Of(@case.Else));
                }
            case FunctionCall f:
                {
                    var types = f.Arguments.Select(Of).ToList();
                    if (f.Name is "FLOOR" or "CEIL" or "CEILING" or "ROUND" or "ABS" or "SQRT" or "LN" or "EXP" or "POWER" or "SIGN" or "TRUNC")
                    {
                        for (var i = 0; i < types.Count; i++)
                        {
                            Numeric(f.Arguments[i], types[i], f.Name);
                        }
                        return SqlType.Number;
                    }
                    return f.Name is "LOWER" or "UPPER" or "TRIM" or "SUBSTR" or "SUBSTRING" ? SqlType.Text : SqlType.Unknown;
                }
            case CastExpression cast:
                Of(cast.Operand);
                return cast.TypeName.Split(' ', '(')[0] switch
                {
                    "INT" or "INTEGER" or "BIGINT" or "SMALLINT" or "REAL" or "FLOAT" or "DOUBLE" or "DECIMAL" or "NUMERIC" => SqlType.Number,
                    "TEXT" or "VARCHAR" or "CHAR" or "CHARACTER" => SqlType.Text,
                    "DATE" or "TIMESTAMP" => SqlType.Temporal,
                    "BOOLEAN" or "BOOL" => SqlType.Boolean,
                    _ => SqlType.Unknown,
                };
            case AggregateCall a:
                {
                    if (a.Argument is StarExpression)
                    {
                        return SqlType.Number;
                    }
                    var t = Of(a.Argument);
                    if (a.Function is not AggregateFunction.Count and not AggregateFunction.Min and not AggregateFunction.Max)
                    {
                        Numeric(a.Argument, t, a.Function.ToString().ToUpperInvariant());
                    }
                    return a.Function is AggregateFunction.Min or AggregateFunction.Max ? t : SqlType.Number;
                }
            default:
                return SqlType.Unknown;
        }
    }

    /// <summary>The check's type of a declared column kind.</summary>
    public static SqlType FromKind(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer or ColumnKind.Real => SqlType.Number,
        ColumnKind.Text => SqlType.Text,
        ColumnKind.Date or ColumnKind.Timestamp => SqlType.Temporal,
        ColumnKind.Boolean => SqlType.Boolean,
        _ => SqlType.Unknown,
    };

    private static SqlType Merge(SqlType a, SqlType b) => a == SqlType.Unknown ? b : b == SqlType.Unknown || a == b ? a : SqlType.Unknown;

    private static void Numeric(SqlExpression e, SqlType t, string what)
    {
        if (t is SqlType.Text or SqlType.Boolean)
        {
            throw new QueryException(e.Span, $"{what} needs a number, but {e.ToSql()} is {Name(t)}; nothing was charged.");
        }
    }

    private static void Comparable(SqlNode at, SqlExpression left, SqlType l, SqlExpression right, SqlType r)
    {
        static bool Textual(SqlType t) => t is SqlType.Text or SqlType.Temporal;
        var clash = (l == SqlType.Number && Textual(r)) || (r == SqlType.Number && Textual(l))
            || (l == SqlType.Boolean && Textual(r)) || (r == SqlType.Boolean && Textual(l));
        if (clash)
        {
            throw new QueryException(at.Span, $"cannot compare {left.ToSql()} ({Name(l)}) with {right.ToSql()} ({Name(r)}); nothing was charged.");
        }
    }

    private static string Name(SqlType t) => t switch
    {
        SqlType.Number => "a number",
        SqlType.Text => "text",
        SqlType.Temporal => "a date",
        SqlType.Boolean => "a boolean",
        _ => "of unknown type",
    };
}
