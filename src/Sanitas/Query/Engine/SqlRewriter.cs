namespace Sanitas.Query;

/// <summary>Rebuilds an expression tree bottom-up, replacing the nodes a function chooses (keeping spans).</summary>
internal static class SqlRewriter
{
    /// <summary>Visits top-down: when <paramref name="replace"/> returns a node, it stands for the whole subtree.</summary>
    public static SqlExpression Rewrite(SqlExpression expression, Func<SqlExpression, SqlExpression?> replace)
    {
        if (replace(expression) is { } replaced)
        {
            return replaced;
        }
        SqlExpression R(SqlExpression e) => Rewrite(e, replace);
        NodeList<SqlExpression> L(NodeList<SqlExpression> list) => new(list.Select(R));
        return expression switch
        {
            UnaryExpression u => u with { Operand = R(u.Operand) },
            BinaryExpression b => b with { Left = R(b.Left), Right = R(b.Right) },
            FunctionCall f => f with { Arguments = L(f.Arguments) },
            CaseExpression c => c with
            {
                Operand = c.Operand is null ? null : R(c.Operand),
                Whens = new NodeList<WhenClause>(c.Whens.Select(w => w with { Condition = R(w.Condition), Result = R(w.Result) })),
                Else = c.Else is null ? null : R(c.Else),
            },
            InExpression i => i with { Operand = R(i.Operand), Values = L(i.Values) },
            BetweenExpression b => b with { Operand = R(b.Operand), Low = R(b.Low), High = R(b.High) },
            LikeExpression l => l with { Operand = R(l.Operand), Pattern = R(l.Pattern), Escape = l.Escape is null ? null : R(l.Escape) },
            IsNullExpression n => n with { Operand = R(n.Operand) },
            CastExpression c => c with { Operand = R(c.Operand) },
            _ => expression,
        };
    }

    /// <summary>All aggregate calls in an expression (not looking inside them).</summary>
    public static IEnumerable<AggregateCall> Aggregates(SqlExpression expression)
    {
        var found = new List<AggregateCall>();
        Rewrite(expression, e =>
        {
            if (e is AggregateCall a)
            {
                found.Add(a);
                return a;
            }
            return null;
        });
        return found;
    }
}
