using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class IntervalHierarchyBuilderTests
{
    [Fact]
    public void Build_nested_intervals()
    {
        var h = new IntervalHierarchyBuilder([5, 10, 20]).Build(["23", "17", "39", "40", "23"]);

        Assert.Equal(5, h.LevelCount);
        Assert.Equal(["23", "17", "39", "40"], h.Values);
        Assert.Equal(["23", "[20, 25[", "[20, 30[", "[20, 40[", "*"], h.Rows[0]);
        Assert.Equal(["17", "[15, 20[", "[10, 20[", "[0, 20[", "*"], h.Rows[1]);
        Assert.Equal(["39", "[35, 40[", "[30, 40[", "[20, 40[", "*"], h.Rows[2]);
        Assert.Equal(["40", "[40, 45[", "[40, 50[", "[40, 60[", "*"], h.Rows[3]);
    }

    [Fact]
    public void Build_origin_shifts_the_grid()
    {
        var h = new IntervalHierarchyBuilder([5, 10]) { Origin = 3 }.Build(["7", "8", "2"]);

        Assert.Equal(["7", "[3, 8[", "[3, 13[", "*"], h.Rows[0]);
        Assert.Equal(["8", "[8, 13[", "[3, 13[", "*"], h.Rows[1]);
        Assert.Equal(["2", "[-2, 3[", "[-7, 3[", "*"], h.Rows[2]);
    }

    [Fact]
    public void Build_decimals_and_negatives()
    {
        var h = new IntervalHierarchyBuilder([0.5m, 1.5m]).Build(["1.2", "-0.3", "1e0", "2.75"]);

        Assert.Equal(["1.2", "[1, 1.5[", "[0, 1.5[", "*"], h.Rows[0]);
        Assert.Equal(["-0.3", "[-0.5, 0[", "[-1.5, 0[", "*"], h.Rows[1]);
        Assert.Equal(["1e0", "[1, 1.5[", "[0, 1.5[", "*"], h.Rows[2]);
        Assert.Equal(["2.75", "[2.5, 3[", "[1.5, 3[", "*"], h.Rows[3]);
    }

    [Fact]
    public void Build_bottom_and_top_clamp_outliers()
    {
        var builder = new IntervalHierarchyBuilder([10, 20]) { Bottom = 20, Top = 60 };

        var h = builder.Build(["15", "20", "59", "60", "90"]);

        Assert.Equal(["15", "<20", "<20", "*"], h.Rows[0]);
        Assert.Equal(["20", "[20, 30[", "[20, 40[", "*"], h.Rows[1]);
        Assert.Equal(["59", "[50, 60[", "[40, 60[", "*"], h.Rows[2]);
        Assert.Equal(["60", ">=60", ">=60", "*"], h.Rows[3]);
        Assert.Equal(["90", ">=60", ">=60", "*"], h.Rows[4]);
    }

    [Fact]
    public void Build_missing_values_get_an_empty_row()
    {
        var h = new IntervalHierarchyBuilder([10]).Build(["5", null, ""]);

        Assert.Equal(2, h.Rows.Count);
        Assert.Equal(["", "", "*"], h.Rows[1]);
    }

    [Fact]
    public void Build_no_widths_gives_value_and_top()
    {
        var h = new IntervalHierarchyBuilder([]).Build(["1", "2"]);

        Assert.Equal(2, h.LevelCount);
        Assert.Equal("*", h.Generalize("2", 1));
    }

    [Fact]
    public void Build_covers_adult_ages()
    {
        var column = ArxData.ReadColumns("adult.csv")["age"];

        var h = new IntervalHierarchyBuilder([5, 10, 20]).Build(column.Dictionary);

        h.ValidateAgainst(column);
        Assert.Equal(column.DistinctCount, h.Rows.Count);
        Assert.Equal("[35, 40[", h.Generalize("37", 1));
    }

    [Fact]
    public void Build_rejects_non_numbers_naming_them()
    {
        var e = Assert.Throws<HierarchyException>(() => new IntervalHierarchyBuilder([5]).Build(["1", "abc", "2", "1,5"]));

        Assert.Equal("Interval hierarchy: 2 values are not a number: 'abc', '1,5'.", e.Message);
    }

    [Theory]
    [InlineData(new[] { 5.0, 12.0 }, "Interval widths must grow by whole multiples so that the levels nest: 12 (level 2) is not a larger multiple of 5 (level 1).")]
    [InlineData(new[] { 10.0, 5.0 }, "Interval widths must grow by whole multiples so that the levels nest: 5 (level 2) is not a larger multiple of 10 (level 1).")]
    [InlineData(new[] { 5.0, 5.0 }, "Interval widths must grow by whole multiples so that the levels nest: 5 (level 2) is not a larger multiple of 5 (level 1).")]
    [InlineData(new[] { 0.0 }, "Interval width 0 (level 1) must be positive.")]
    public void Constructor_rejects_widths_that_do_not_nest(double[] widths, string message)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new IntervalHierarchyBuilder(widths.Select(w => (decimal)w)));

        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Build_rejects_bottom_not_below_top()
    {
        var builder = new IntervalHierarchyBuilder([5]) { Bottom = 10, Top = 10 };

        var e = Assert.Throws<InvalidOptionException>(() => builder.Build(["1"]));

        Assert.Equal("Bottom (10) must be below Top (10).", e.Message);
    }

    [Fact]
    public void Widths_are_exposed() =>
        Assert.Equal([2.5m, 5m], new IntervalHierarchyBuilder([2.5m, 5m]).Widths);
}
