using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class HierarchyExceptionTests
{
    [Fact]
    public void Constructor_keeps_place_and_attribute()
    {
        var e = new HierarchyException("msg", "age.csv", 7, "age");

        Assert.Equal("msg", e.Message);
        Assert.Equal("age.csv", e.SourceName);
        Assert.Equal(7, e.Line);
        Assert.Equal("age", e.Attribute);
        Assert.Empty(e.UncoveredValues);
    }

    [Fact]
    public void MessageOnly_has_no_place()
    {
        var inner = new FormatException();
        var e = new HierarchyException("msg", inner);

        Assert.Null(e.SourceName);
        Assert.Null(e.Line);
        Assert.Same(inner, e.InnerException);
    }

    [Theory]
    [InlineData(null, null, "")]
    [InlineData(null, 3, "Line 3: ")]
    [InlineData("a.csv", null, "a.csv: ")]
    [InlineData("a.csv", 3, "a.csv, line 3: ")]
    public void Where_formats_the_place(string? source, int? line, string expected) =>
        Assert.Equal(expected, HierarchyException.Where(source, line));

    [Theory]
    [InlineData(null, null, "The file.")]
    [InlineData("a.csv", null, "a.csv: the file.")]
    public void Prefix_capitalizes_without_a_place(string? source, int? line, string expected) =>
        Assert.Equal(expected, HierarchyException.Prefix(source, line, "the file."));
}
