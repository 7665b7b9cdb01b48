using System.Globalization;
using System.Text;

namespace Sanitas.Query;

/// <summary>
/// Prints a syntax tree as canonical SQL, on one line, that SQLite and PostgreSQL read the same way: every
/// identifier double-quoted (embedded <c>"</c> doubled), strings single-quoted (embedded <c>'</c> doubled),
/// keywords and function names in upper case, and every operator operand that is itself an operator
/// expression in parentheses, so the meaning never depends on a dialect's precedence rules.
/// </summary>
/// <remarks>
/// Parsing the output gives a tree equal to the input (spans aside). Aggregates print in their standard
/// form: <c>PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)</c>, <c>VARIANCE</c>, <c>STDDEV</c>; whether an engine
/// offers them is the engine's concern.
/// </remarks>
internal static class SqlFormatter
{
    /// <summary>The canonical SQL text of <paramref name="node"/>.</summary>
    /// <param name="node">A statement, expression, table source, select item, ORDER BY item or WHEN clause.</param>
    /// <returns>The SQL text.</returns>
    public static string Format(SqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary><paramref name="name"/> as a double-quoted identifier, with embedded quotes doubled.</summary>
    /// <param name="name">The identifier.</param>
    /// <returns>The quoted identifier.</returns>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary><paramref name="value"/> as a single-quoted string literal, with embedded quotes doubled.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The literal.</returns>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static void Write(StringBuilder sb, SqlNode node)
    {
        switch (node)
        {
            case SelectStatement s:
                WriteSelect(sb, s);
                break;
            case SelectItem item:
                WriteExpression(sb, item.Expression);
                if (item.Alias is not null)
                {
                    sb.Append(" AS ").Append(QuoteIdentifier(item.Alias));
                }

                break;
            case OrderByItem order:
                WriteExpression(sb, order.Expression);
                if (order.Descending)
                {
                    sb.Append(" DESC");
                }

                break;
            case WhenClause clause:
                sb.Append("WHEN ");
                WriteExpression(sb, clause.Condition);
                sb.Append(" THEN ");
                WriteExpression(sb, clause.Result);
                break;
            case TableSource source:
                WriteSource(sb, source);
                break;
            case SqlExpression expression:
                WriteExpression(sb, expression);
                break;
            default:
                throw new ArgumentException($"Cannot format {node.GetType().Name}.", nameof(node));
        }
    }

    private static void WriteSelect(StringBuilder sb, SelectStatement s)
    {
        sb.Append(s.Distinct ? "SELECT DISTINCT " : "SELECT ");
        WriteList(sb, s.Items);
        sb.Append(" FROM ");
        WriteSource(sb, s.From);
        if (s.Where is not null)
        {
            sb.Append(" WHERE ");
            WriteExpression(sb, s.Where);
        }

        if (s.GroupBy.Count > 0)
        {
            sb.Append(" GROUP BY ");
            WriteList(sb, s.GroupBy);
        }

        if (s.Having is not null)
        {
            sb.Append(" HAVING ");
            WriteExpression(sb, s.Having);
        }

        if (s.OrderBy.Count > 0)
        {
            sb.Append(" ORDER BY ");
            WriteList(sb, s.OrderBy);
        }

        if (s.Limit is { } limit)
        {
            sb.Append(" LIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteList<T>(StringBuilder sb, IReadOnlyList<T> nodes)
        where T : SqlNode
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            Write(sb, nodes[i]);
        }
    }

    private static void WriteSource(StringBuilder sb, TableSource source)
    {
        switch (source)
        {
            case TableReference t:
                if (t.Schema is not null)
                {
                    sb.Append(QuoteIdentifier(t.Schema)).Append('.');
                }

                sb.Append(QuoteIdentifier(t.Name));
                if (t.Alias is not null)
                {
                    sb.Append(" AS ").Append(QuoteIdentifier(t.Alias));
                }

                break;
            case SubquerySource q:
                sb.Append('(');
                WriteSelect(sb, q.Query);
                sb.Append(") AS ").Append(QuoteIdentifier(q.Alias));
                break;
            case JoinSource j:
                WriteSource(sb, j.Left);
                sb.Append(j.Kind == JoinKind.Left ? " LEFT JOIN " : " INNER JOIN ");
                if (j.Right is JoinSource)
                {
                    sb.Append('(');
                    WriteSource(sb, j.Right);
                    sb.Append(')');
                }
                else
                {
                    WriteSource(sb, j.Right);
                }

                sb.Append(" ON ");
                WriteExpression(sb, j.Condition);
                break;
            default:
                throw new ArgumentException($"Cannot format {source.GetType().Name}.", nameof(source));
        }
    }

    /// <summary>Operator expressions get parentheses when they are an operand of another operator.</summary>
    private static bool IsOperator(SqlExpression e) =>
        e is UnaryExpression or BinaryExpression or InExpression or BetweenExpression or LikeExpression or IsNullExpression;

    private static void WriteOperand(StringBuilder sb, SqlExpression e)
    {
        if (IsOperator(e))
        {
            sb.Append('(');
            WriteExpression(sb, e);
            sb.Append(')');
        }
        else
        {
            WriteExpression(sb, e);
        }
    }

    private static void WriteExpression(StringBuilder sb, SqlExpression expression)
    {
        switch (expression)
        {
            case ColumnReference c:
                if (c.Qualifier is not null)
                {
                    sb.Append(QuoteIdentifier(c.Qualifier)).Append('.');
                }

                sb.Append(QuoteIdentifier(c.Name));
                break;
            case StarExpression star:
                if (star.Qualifier is not null)
                {
                    sb.Append(QuoteIdentifier(star.Qualifier)).Append('.');
                }

                sb.Append('*');
                break;
            case IntegerLiteral i:
                sb.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case DecimalLiteral d:
                var text = d.Value.ToString(CultureInfo.InvariantCulture);
                sb.Append(text.Contains('.', StringComparison.Ordinal) ? text : text + ".0");
                break;
            case StringLiteral s:
                sb.Append(QuoteString(s.Value));
                break;
            case BooleanLiteral b:
                sb.Append(b.Value ? "TRUE" : "FALSE");
                break;
            case NullLiteral:
                sb.Append("NULL");
                break;
            case UnaryExpression u:
                sb.Append(u.Operator switch
                {
                    UnaryOperator.Negate => "-",
                    UnaryOperator.Plus => "+",
                    _ => "NOT ",
                });
                WriteOperand(sb, u.Operand);
                break;
            case BinaryExpression b:
                WriteOperand(sb, b.Left);
                sb.Append(' ').Append(OperatorText(b.Operator)).Append(' ');
                WriteOperand(sb, b.Right);
                break;
            case InExpression @in:
                WriteOperand(sb, @in.Operand);
                sb.Append(@in.Negated ? " NOT IN (" : " IN (");
                WriteList(sb, @in.Values);
                sb.Append(')');
                break;
            case BetweenExpression between:
                WriteOperand(sb, between.Operand);
                sb.Append(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
                WriteOperand(sb, between.Low);
                sb.Append(" AND ");
                WriteOperand(sb, between.High);
                break;
            case LikeExpression like:
                WriteOperand(sb, like.Operand);
                sb.Append(like.Negated ? " NOT LIKE " : " LIKE ");
                WriteOperand(sb, like.Pattern);
                if (like.Escape is not null)
                {
                    sb.Append(" ESCAPE ");
                    WriteOperand(sb, like.Escape);
                }

                break;
            case IsNullExpression isNull:
                WriteOperand(sb, isNull.Operand);
                sb.Append(isNull.Negated ? " IS NOT NULL" : " IS NULL");
                break;
            case CaseExpression c:
                sb.Append("CASE");
                if (c.Operand is not null)
                {
                    sb.Append(' ');
                    WriteExpression(sb, c.Operand);
                }

                foreach (var whenClause in c.Whens)
                {
                    sb.Append(' ');
                    Write(sb, whenClause);
                }

                if (c.Else is not null)
                {
                    sb.Append(" ELSE ");
                    WriteExpression(sb, c.Else);
                }

                sb.Append(" END");
                break;
            case FunctionCall f:
                sb.Append(f.Name).Append('(');
                WriteList(sb, f.Arguments);
                sb.Append(')');
                break;
            case AggregateCall a:
                WriteAggregate(sb, a);
                break;
            case CastExpression cast:
                sb.Append("CAST(");
                WriteExpression(sb, cast.Operand);
                sb.Append(" AS ").Append(cast.TypeName).Append(')');
                break;
            default:
                throw new ArgumentException($"Cannot format {expression.GetType().Name}.", nameof(expression));
        }
    }

    private static void WriteAggregate(StringBuilder sb, AggregateCall a)
    {
        if (a.Function == AggregateFunction.PercentileCont)
        {
            sb.Append("PERCENTILE_CONT(");
            if (a.Percentile is not null)
            {
                WriteExpression(sb, a.Percentile);
            }

            sb.Append(") WITHIN GROUP (ORDER BY ");
            WriteExpression(sb, a.Argument);
            sb.Append(')');
            return;
        }

        sb.Append(a.Function switch
        {
            AggregateFunction.Count => "COUNT",
            AggregateFunction.Sum => "SUM",
            AggregateFunction.Avg => "AVG",
            AggregateFunction.Variance => "VARIANCE",
            AggregateFunction.StdDev => "STDDEV",
            AggregateFunction.Median => "MEDIAN",
            AggregateFunction.Min => "MIN",
            _ => "MAX",
        }).Append('(');
        if (a.Distinct)
        {
            sb.Append("DISTINCT ");
        }

        WriteExpression(sb, a.Argument);
        sb.Append(')');
    }

    private static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "OR",
        BinaryOperator.And => "AND",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "<>",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Concat => "||",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "%",
    };
}
