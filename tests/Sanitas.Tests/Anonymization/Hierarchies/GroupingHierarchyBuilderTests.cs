using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class GroupingHierarchyBuilderTests
{
    private static readonly Dictionary<string, string> Marital = new()
    {
        ["Married-civ-spouse"] = "Married",
        ["Married-AF-spouse"] = "Married",
        ["Married-spouse-absent"] = "Married",
        ["Never-married"] = "Single",
        ["Divorced"] = "Single",
        ["Separated"] = "Single",
        ["Widowed"] = "Widowed",
    };

    [Fact]
    public void Build_chains_groups_and_adds_top()
    {
        var builder = new GroupingHierarchyBuilder(
        [
            Marital,
            new Dictionary<string, string> { ["Married"] = "Partnered", ["Single"] = "Alone", ["Widowed"] = "Alone" },
        ]);

        var h = builder.Build(["Never-married", "Married-civ-spouse", "Widowed", "Never-married"]);

        Assert.Equal(4, h.LevelCount);
        Assert.Equal(["Never-married", "Single", "Alone", "*"], h.Rows[0]);
        Assert.Equal(["Married-civ-spouse", "Married", "Partnered", "*"], h.Rows[1]);
        Assert.Equal(["Widowed", "Widowed", "Alone", "*"], h.Rows[2]);
    }

    [Fact]
    public void Build_later_levels_may_be_keyed_by_original_values()
    {
        var builder = new GroupingHierarchyBuilder(
        [
            new Dictionary<string, string> { ["a"] = "AB", ["b"] = "AB", ["c"] = "C" },
            new Dictionary<string, string> { ["a"] = "ABC", ["b"] = "ABC", ["C"] = "ABC" },
        ]);

        var h = builder.Build(["a", "b", "c"]);

        Assert.Equal(["a", "AB", "ABC", "*"], h.Rows[0]);
        Assert.Equal(["c", "C", "ABC", "*"], h.Rows[2]);
    }

    [Fact]
    public void Build_reproduces_adult_marital_status()
    {
        var arx = HierarchyReader.Read(ArxData.AdultHierarchyPath("marital-status"));
        var mapping = arx.Rows.ToDictionary(r => r[0], r => r[1]);

        var h = new GroupingHierarchyBuilder([mapping]).Build(arx.Values);

        Assert.Equal(arx.Rows, h.Rows);
    }

    [Fact]
    public void Build_does_not_repeat_a_top_the_user_gave()
    {
        var h = new GroupingHierarchyBuilder([new Dictionary<string, string> { ["a"] = "*", ["b"] = "*" }]).Build(["a", "b"]);

        Assert.Equal(2, h.LevelCount);
    }

    [Fact]
    public void Build_custom_top()
    {
        var h = new GroupingHierarchyBuilder([Marital]) { Top = "Any" }.Build(["Divorced"]);

        Assert.Equal(["Divorced", "Single", "Any"], h.Rows[0]);
    }

    [Fact]
    public void Build_no_levels_gives_value_and_top()
    {
        var h = new GroupingHierarchyBuilder([]).Build(["x", "y"]);

        Assert.Equal(["y", "*"], h.Rows[1]);
    }

    [Fact]
    public void Build_rejects_unmapped_values_naming_them()
    {
        var e = Assert.Throws<HierarchyException>(() => new GroupingHierarchyBuilder([Marital]).Build(["Divorced", "Engaged", "Unknown"]));

        Assert.Equal("Grouping hierarchy, level 1: 2 values have no group: 'Engaged', 'Unknown'.", e.Message);
    }

    [Fact]
    public void Build_rejects_unmapped_groups_naming_a_value()
    {
        var builder = new GroupingHierarchyBuilder([Marital, new Dictionary<string, string> { ["Married"] = "Partnered" }]);

        var e = Assert.Throws<HierarchyException>(() => builder.Build(["Married-civ-spouse", "Divorced", "Separated"]));

        Assert.Equal("Grouping hierarchy, level 2: 1 group has no group: 'Single' (from 'Divorced').", e.Message);
    }

    [Fact]
    public void Build_rejects_groups_that_do_not_nest()
    {
        var builder = new GroupingHierarchyBuilder(
        [
            new Dictionary<string, string> { ["a"] = "AB", ["b"] = "AB" },
            new Dictionary<string, string> { ["a"] = "X", ["b"] = "Y" },
        ]);

        var e = Assert.Throws<HierarchyException>(() => builder.Build(["a", "b"]));

        Assert.Equal("Grouping hierarchy, level 2: groups do not nest: group 'AB' of level 1 goes to 'X' for 'a' but to 'Y' for 'b'.", e.Message);
    }

    [Fact]
    public void Build_missing_values()
    {
        var unmapped = new GroupingHierarchyBuilder([Marital]).Build(["Divorced", null]);
        Assert.Equal(["", "", "*"], unmapped.Rows[1]);

        var mapped = new GroupingHierarchyBuilder([new Dictionary<string, string> { ["a"] = "A", [""] = "Unknown" }]).Build(["a", ""]);
        Assert.Equal(["", "Unknown", "*"], mapped.Rows[1]);
    }
}
