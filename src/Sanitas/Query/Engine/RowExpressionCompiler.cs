using System.Globalization;

namespace Sanitas.Query;

/// <summary>
/// Compiles a row-level SQL expression against a <see cref="Relation"/> into a function of the row
/// index. Aggregates are not allowed here; the caller compiles them separately. Errors name the
/// expression's place in the SQL.
/// </summary>
internal sealed class RowExpressionCompiler(Relation relation)
{
    private static readonly AsyncLocal<bool> TotalSemantics = new();

    /// <summary>
    /// From here on in this async flow, a value an expression cannot handle (text in a numeric column, say)
    /// evaluates to NULL instead of raising an error: DP queries use this after the charge, where an error
    /// would depend on one person's data. Reverts when the calling async method returns.
    /// </summary>
    internal static void UseTotalSemantics() => TotalSemantics.Value = true;

    public Func<int, object?> Compile(SqlExpression expression) => expression switch
    {
        IntegerLiteral i => Constant(i.Value),
        DecimalLiteral d => Constant((double)d.Value),
        StringLiteral s => Constant(s.Value),
        BooleanLiteral b => Constant(b.Value),
        NullLiteral => Constant(null),
        ColumnReference c => Column(c),
        UnaryExpression u => Unary(u),
        BinaryExpression b => Binary(b),
        FunctionCall f => Function(f),
        CaseExpression c => Case(c),
        InExpression i => In(i),
        BetweenExpression b => Between(b),
        LikeExpression l => Like(l),
        IsNullExpression n => IsNull(n),
        CastExpression c => Cast(c),
        AggregateCall a => throw new QueryException(a.Span, $"the aggregate {a.ToSql()} is not allowed here (only in the outermost SELECT list or HAVING)."),
        StarExpression s => throw new QueryException(s.Span, "'*' is only allowed as a whole select item or in COUNT(*)."),
        _ => throw new QueryException(expression.Span, $"the expression {expression.ToSql()} is not supported."),
    };

    /// <summary>The column a reference resolves to, or an error listing the columns in scope.</summary>
    public int Resolve(ColumnReference reference)
    {
        var matches = new List<int>();
        for (var i = 0; i < relation.Columns.Count; i++)
        {
            var column = relation.Columns[i];
            if (string.Equals(column.Name, reference.Name, StringComparison.OrdinalIgnoreCase)
                && (reference.Qualifier is null || string.Equals(column.Qualifier, reference.Qualifier, StringComparison.OrdinalIgnoreCase)))
            {
                matches.Add(i);
            }
        }
        if (matches.Count == 1)
        {
            return matches[0];
        }
        var name = reference.Qualifier is null ? reference.Name : $"{reference.Qualifier}.{reference.Name}";
        if (matches.Count > 1)
        {
            throw new QueryException(reference.Span, $"the column '{name}' is ambiguous: qualify it ({string.Join(", ", matches.Select(m => $"{relation.Columns[m].Qualifier}.{relation.Columns[m].Name}"))}).");
        }
        var known = string.Join(", ", relation.Columns.Select(c => c.Qualifier is null ? c.Name : $"{c.Qualifier}.{c.Name}").Distinct());
        throw new QueryException(reference.Span, $"unknown column '{name}'; the columns here are: {known}.");
    }

    private static Func<int, object?> Constant(object? value) => _ => value;

    private Func<int, object?> Column(ColumnReference reference)
    {
        var values = relation.Columns[Resolve(reference)].Values;
        return row => values[row];
    }

    private Func<int, object?> Unary(UnaryExpression u)
    {
        var operand = Compile(u.Operand);
        return u.Operator switch
        {
            UnaryOperator.Not => row => SqlValues.Truth(operand(row)) is { } t ? !t : null,
            UnaryOperator.Plus => Typed(u, operand, v => v),
            UnaryOperator.Negate => Typed(u, operand, v => v switch { long l => -l, double d => -d, _ => throw new InvalidCastException($"cannot negate {SqlValues.Describe(v)}.") }),
            _ => throw new QueryException(u.Span, $"the operator {u.Operator} is not supported."),
        };
    }

    private Func<int, object?> Binary(BinaryExpression b)
    {
        var left = Compile(b.Left);
        var right = Compile(b.Right);
        switch (b.Operator)
        {
            case BinaryOperator.And:
                return row =>
                {
                    var l = SqlValues.Truth(left(row));
                    if (l == false)
                    {
                        return false;
                    }
                    var r = SqlValues.Truth(right(row));
                    return r == false ? false : l is null || r is null ? null : true;
                };
            case BinaryOperator.Or:
                return row =>
                {
                    var l = SqlValues.Truth(left(row));
                    if (l == true)
                    {
                        return true;
                    }
                    var r = SqlValues.Truth(right(row));
                    return r == true ? true : l is null || r is null ? null : false;
                };
            case BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                var op = b.Operator;
                return Guarded(b, row =>
                {
                    var l = left(row);
                    var r = right(row);
                    if (l is null || r is null)
                    {
                        return null;
                    }
                    var c = SqlValues.Compare(l, r);
                    return op switch
                    {
                        BinaryOperator.Equal => c == 0,
                        BinaryOperator.NotEqual => c != 0,
                        BinaryOperator.Less => c < 0,
                        BinaryOperator.LessOrEqual => c <= 0,
                        BinaryOperator.Greater => c > 0,
                        _ => c >= 0,
                    };
                });
            default:
                var arithmetic = b.Operator;
                return Guarded(b, row => SqlValues.Arithmetic(arithmetic, left(row), right(row)));
        }
    }

    private Func<int, object?> Function(FunctionCall f)
    {
        var args = f.Arguments.Select(Compile).ToArray();
        var name = f.Name.ToUpperInvariant();
        void Arity(int min, int max)
        {
            if (args.Length < min || args.Length > max)
            {
                throw new QueryException(f.Span, $"{name} takes {(min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}")} argument(s), got {args.Length}.");
            }
        }
        switch (name)
        {
            case "FLOOR":
                Arity(1, 1);
                return Typed(f, args[0], v => v is long ? v : SqlValues.Integral(Math.Floor(SqlValues.ToDouble(v))));
            case "CEIL" or "CEILING":
                Arity(1, 1);
                return Typed(f, args[0], v => v is long ? v : SqlValues.Integral(Math.Ceiling(SqlValues.ToDouble(v))));
            case "ABS":
                Arity(1, 1);
                return Typed(f, args[0], v => v is long l ? Math.Abs(l) : Math.Abs(SqlValues.ToDouble(v)));
            case "ROUND":
                Arity(1, 2);
                return Guarded(f, row =>
                {
                    var v = args[0](row);
                    var digits = args.Length == 2 ? args[1](row) : 0L;
                    if (v is null || digits is null)
                    {
                        return null;
                    }
                    if (v is long && args.Length == 1)
                    {
                        return v;
                    }
                    var d = (int)SqlValues.ToDouble(digits);
                    var rounded = Math.Round(SqlValues.ToDouble(v), Math.Clamp(d, 0, 15), MidpointRounding.AwayFromZero);
                    return args.Length == 1 ? SqlValues.Integral(rounded) : rounded;
                });
            case "COALESCE":
                Arity(1, int.MaxValue);
                return row =>
                {
                    foreach (var a in args)
                    {
                        if (a(row) is { } v)
                        {
                            return v;
                        }
                    }
                    return null;
                };
            case "NULLIF":
                Arity(2, 2);
                return row =>
                {
                    var v = args[0](row);
                    return v is not null && args[1](row) is { } w && SqlValues.Compare(v, w) == 0 ? null : v;
                };
            case "LOWER":
                Arity(1, 1);
                return Typed(f, args[0], v => SqlValues.Text(v).ToLowerInvariant());
            case "UPPER":
                Arity(1, 1);
                return Typed(f, args[0], v => SqlValues.Text(v).ToUpperInvariant());
            case "LENGTH":
                Arity(1, 1);
                return Typed(f, args[0], v => (long)SqlValues.Text(v).Length);
            default:
                throw new QueryException(f.Span, $"unknown function {f.Name}; supported: FLOOR, CEIL, ROUND, ABS, COALESCE, NULLIF, LOWER, UPPER, LENGTH.");
        }
    }

    private Func<int, object?> Case(CaseExpression c)
    {
        var operand = c.Operand is null ? null : Compile(c.Operand);
        var whens = c.Whens.Select(w => (Condition: Compile(w.Condition), Result: Compile(w.Result))).ToArray();
        var otherwise = c.Else is null ? Constant(null) : Compile(c.Else);
        return Guarded(c, row =>
        {
            var subject = operand?.Invoke(row);
            foreach (var (condition, result) in whens)
            {
                var matched = operand is null
                    ? SqlValues.Truth(condition(row)) == true
                    : subject is not null && condition(row) is { } value && SqlValues.Compare(subject, value) == 0;
                if (matched)
                {
                    return result(row);
                }
            }
            return otherwise(row);
        });
    }

    private Func<int, object?> In(InExpression i)
    {
        var operand = Compile(i.Operand);
        var values = i.Values.Select(Compile).ToArray();
        var negated = i.Negated;
        return Guarded(i, row =>
        {
            var v = operand(row);
            if (v is null)
            {
                return null;
            }
            var sawNull = false;
            foreach (var candidate in values)
            {
                var c = candidate(row);
                if (c is null)
                {
                    sawNull = true;
                }
                else if (SqlValues.Compare(v, c) == 0)
                {
                    return !negated;
                }
            }
            return sawNull ? null : negated;
        });
    }

    private Func<int, object?> Between(BetweenExpression b)
    {
        var operand = Compile(b.Operand);
        var low = Compile(b.Low);
        var high = Compile(b.High);
        var negated = b.Negated;
        return Guarded(b, row =>
        {
            var v = operand(row);
            var l = low(row);
            var h = high(row);
            if (v is null || l is null || h is null)
            {
                return null;
            }
            var inside = SqlValues.Compare(v, l) >= 0 && SqlValues.Compare(v, h) <= 0;
            return inside != negated;
        });
    }

    private Func<int, object?> Like(LikeExpression l)
    {
        var operand = Compile(l.Operand);
        if (l.Pattern is not StringLiteral pattern)
        {
            throw new QueryException(l.Pattern.Span, "LIKE needs a constant pattern.");
        }
        char? escape = l.Escape is StringLiteral { Value.Length: 1 } e ? e.Value[0] : null;
        var regex = SqlValues.LikePattern(pattern.Value, escape);
        var negated = l.Negated;
        return Guarded(l, row => operand(row) is { } v ? regex.IsMatch(SqlValues.Text(v)) != negated : null);
    }

    private Func<int, object?> IsNull(IsNullExpression n)
    {
        var operand = Compile(n.Operand);
        var negated = n.Negated;
        return row => (operand(row) is null) != negated;
    }

    private Func<int, object?> Cast(CastExpression c)
    {
        var operand = Compile(c.Operand);
        var type = c.TypeName.ToUpperInvariant();
        Func<object, object?> convert = type switch
        {
            "INT" or "INTEGER" or "BIGINT" or "SMALLINT" => v => v switch
            {
                long l => l,
                double d => (long)Math.Truncate(d),
                string s => long.Parse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                bool b => b ? 1L : 0L,
                _ => null,
            },
            "REAL" or "DOUBLE" or "FLOAT" or "NUMERIC" or "DECIMAL" or "DOUBLE PRECISION" => v => v switch
            {
                string s => double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => SqlValues.ToDouble(v),
            },
            "TEXT" or "VARCHAR" or "CHAR" => v => SqlValues.Text(v),
            _ => throw new QueryException(c.Span, $"CAST to {c.TypeName} is not supported; use INTEGER, REAL or TEXT."),
        };
        return Typed(c, operand, convert);
    }

    private static Func<int, object?> Typed(SqlNode node, Func<int, object?> operand, Func<object, object?> operation) =>
        Guarded(node, row => operand(row) is { } v ? operation(v) : null);

    /// <summary>Turns a type error at run time into a <see cref="QueryException"/> naming the expression.</summary>
    private static Func<int, object?> Guarded(SqlNode node, Func<int, object?> body) => row =>
    {
        try
        {
            return body(row);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            if (TotalSemantics.Value)
            {
                return null;
            }
            throw new QueryException(node.Span, $"{node.ToSql()}: {e.Message}");
        }
    };
}
