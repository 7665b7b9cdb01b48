using Sanitas.Query;

namespace Sanitas.Tests.Query.Parsing;

/// <summary>Node lists compare by content, so records holding them do too.</summary>
public class NodeListTests
{
    [Fact]
    public void Lists_with_equal_items_in_order_are_equal()
    {
        NodeList<SqlExpression> a = [new IntegerLiteral(1), new ColumnReference(null, "x")];
        NodeList<SqlExpression> b = [new IntegerLiteral(1), new ColumnReference(null, "x")];
        NodeList<SqlExpression> reversed = [new ColumnReference(null, "x"), new IntegerLiteral(1)];

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, reversed);
        Assert.NotEqual(a, NodeList<SqlExpression>.Empty);
        Assert.False(a.Equals(null));
        Assert.Equal(2, a.Count);
        Assert.Equal(new IntegerLiteral(1), a[0]);
        Assert.Equal("[IntegerLiteral { Span = line 0, column 0, Value = 1 }, ColumnReference { Span = line 0, column 0, Qualifier = , Name = x }]", a.ToString());
    }

    [Fact]
    public void A_list_is_a_copy_of_its_source()
    {
        var source = new List<SqlExpression> { new IntegerLiteral(1) };
        var list = new NodeList<SqlExpression>(source);
        source.Add(new IntegerLiteral(2));
        Assert.Single(list);
    }

    [Fact]
    public void Records_holding_lists_compare_by_content() =>
        Assert.Equal(
            new FunctionCall("ROUND", [new ColumnReference(null, "Temperature"), new IntegerLiteral(1)]),
            new FunctionCall("ROUND", [new ColumnReference(null, "Temperature"), new IntegerLiteral(1)]));
}
