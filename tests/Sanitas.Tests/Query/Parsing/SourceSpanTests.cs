using Sanitas.Query;

namespace Sanitas.Tests.Query.Parsing;

/// <summary>Spans: end, cover, the unknown default and the position text of error messages.</summary>
public class SourceSpanTests
{
    [Fact]
    public void Cover_runs_from_the_first_start_to_the_last_end()
    {
        var first = new SourceSpan(4, 1, 5, 3);
        var last = new SourceSpan(20, 2, 3, 4);
        Assert.Equal(24, last.End);
        Assert.Equal(new SourceSpan(4, 1, 5, 20), SourceSpan.Cover(first, last));
    }

    [Fact]
    public void Default_is_unknown_and_prints_as_a_position()
    {
        Assert.True(default(SourceSpan).IsUnknown);
        Assert.False(new SourceSpan(0, 1, 1, 0).IsUnknown);
        Assert.Equal("line 3, column 7", new SourceSpan(30, 3, 7, 2).ToString());
    }
}
