using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class HierarchyTests
{
    private static readonly string[][] AgeRows =
    [
        ["17", "15-19", "10-19", "*"],
        ["23", "20-24", "20-29", "*"],
        ["24", "20-24", "20-29", "*"],
        ["28", "25-29", "20-29", "*"],
    ];

    [Fact]
    public void FromRows_exposes_levels_rows_and_generalizations()
    {
        var h = Hierarchy.FromRows(AgeRows, "age.csv");

        Assert.Equal(4, h.LevelCount);
        Assert.Equal("age.csv", h.Source);
        Assert.Equal(4, h.Rows.Count);
        Assert.Equal(["23", "20-24", "20-29", "*"], h.Rows[1]);
        Assert.Equal(["17", "23", "24", "28"], h.Values);
        Assert.Equal("24", h.Generalize("24", 0));
        Assert.Equal("20-24", h.Generalize("24", 1));
        Assert.Equal("20-29", h.Generalize("24", 2));
        Assert.Equal("*", h.Generalize("24", 3));
        Assert.True(h.TryGetRow("28", out var row));
        Assert.Equal(["28", "25-29", "20-29", "*"], row);
        Assert.False(h.TryGetRow("99", out _));
        Assert.True(h.Contains("17"));
        Assert.False(h.Contains(null));
    }

    [Fact]
    public void DistinctCounts_are_per_level_over_the_whole_hierarchy()
    {
        var h = Hierarchy.FromRows(AgeRows);

        Assert.Equal([4, 3, 2, 1], Enumerable.Range(0, h.LevelCount).Select(h.GetDistinctCount));
        Assert.Equal(["15-19", "20-24", "25-29"], h.GetLevelValues(1));
    }

    [Fact]
    public void FromRows_copies_its_input()
    {
        string[][] rows = [["a", "*"], ["b", "*"]];
        var h = Hierarchy.FromRows(rows);

        rows[0][1] = "changed";

        Assert.Equal("*", h.Generalize("a", 1));
        Assert.Throws<NotSupportedException>(() => ((IList<string>)h.Rows[0])[1] = "x");
    }

    [Fact]
    public void Generalize_rejects_unknown_values_and_levels()
    {
        var h = Hierarchy.FromRows(AgeRows, "age.csv");

        var e = Assert.Throws<KeyNotFoundException>(() => h.Generalize("99", 1));
        Assert.Equal("age.csv: no row for the value '99'.", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Generalize("17", 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Generalize("17", -1));
    }

    [Fact]
    public void FromRows_rejects_no_rows()
    {
        var e = Assert.Throws<HierarchyException>(() => Hierarchy.FromRows([], "x.csv"));
        Assert.Equal("x.csv: the hierarchy has no rows.", e.Message);
        Assert.Equal("The hierarchy has no rows.", Assert.Throws<HierarchyException>(() => Hierarchy.FromRows([])).Message);
    }

    [Fact]
    public void FromRows_rejects_ragged_rows_naming_the_line()
    {
        string[][] rows = [.. AgeRows, ["29", "25-29", "*"]];

        var e = Assert.Throws<HierarchyException>(() => Hierarchy.FromRows(rows, "age.csv"));

        Assert.Equal("age.csv, line 5: 3 levels, expected 4 as in line 1.", e.Message);
        Assert.Equal("age.csv", e.SourceName);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void FromRows_WithoutSource_SaysLine()
    {
        var e = Assert.Throws<HierarchyException>(() => Hierarchy.FromRows([["a", "*"], ["b"]]));
        Assert.Equal("Line 2: 1 levels, expected 2 as in line 1.", e.Message);
    }

    [Fact]
    public void FromRows_rejects_duplicate_values()
    {
        string[][] rows = [.. AgeRows, ["23", "20-24", "20-29", "*"]];

        var e = Assert.Throws<HierarchyException>(() => Hierarchy.FromRows(rows, "age.csv"));

        Assert.Equal("age.csv, line 5: the value '23' occurs twice (first in line 2).", e.Message);
    }

    [Fact]
    public void FromRows_rejects_inconsistent_generalization()
    {
        // 20-24 goes to 20-29 in line 2 but to 10-29 in line 5.
        string[][] rows = [.. AgeRows, ["21", "20-24", "10-29", "*"]];

        var e = Assert.Throws<HierarchyException>(() => Hierarchy.FromRows(rows, "age.csv"));

        Assert.Equal("age.csv, line 5: '20-24' at level 1 generalizes to '10-29' at level 2, but to '20-29' in line 2.", e.Message);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void FromRows_checks_consistency_at_upper_levels()
    {
        string[][] rows =
        [
            ["a", "A", "X", "*"],
            ["b", "B", "X", "*"],
            ["c", "C", "X", "top"],
        ];

        var e = Assert.Throws<HierarchyException>(() => Hierarchy.FromRows(rows));

        Assert.Equal("Line 3: 'X' at level 2 generalizes to 'top' at level 3, but to '*' in line 1.", e.Message);
    }

    [Fact]
    public void FromRows_allows_the_same_string_at_different_levels()
    {
        // Outlier bins kept unchanged up the levels, and a level-0 value equal to a group name.
        string[][] rows =
        [
            ["5", "<10", "<10", "*"],
            ["12", "[10, 20[", "[10, 30[", "*"],
            ["<10", "<10", "<10", "*"],
            ["*", "*", "*", "*"],
        ];

        var h = Hierarchy.FromRows(rows);

        Assert.Equal("<10", h.Generalize("5", 2));
        Assert.Equal(3, h.GetDistinctCount(2));
    }

    [Fact]
    public void FromRows_rejects_null_rows_and_values()
    {
        Assert.Throws<ArgumentException>(() => Hierarchy.FromRows([["a", "*"], null!]));
        var e = Assert.Throws<HierarchyException>(() => Hierarchy.FromRows([["a", null!]]));
        Assert.Equal("Line 1: the value at level 1 is null.", e.Message);
    }

    [Fact]
    public void MissingValue_is_looked_up_as_the_empty_string()
    {
        var h = Hierarchy.FromRows([["a", "*"], ["", "*"]]);

        Assert.True(h.TryGetRow(null, out var row));
        Assert.Equal(["", "*"], row);
        Assert.Equal("*", h.Generalize(null, 1));
        h.ValidateAgainst(Column.FromValues("x", ["a", null, "a"]));
    }

    [Theory]
    [MemberData(nameof(ArxData.AdultHierarchies), MemberType = typeof(ArxData))]
    public void ValidateAgainst_accepts_every_adult_column(string attribute, int levels, int rows)
    {
        var columns = ArxData.ReadColumns("adult.csv");
        var h = HierarchyReader.Read(ArxData.AdultHierarchyPath(attribute));

        h.ValidateAgainst(columns[attribute]);

        Assert.Equal(levels, h.LevelCount);
        Assert.Equal(rows, h.Rows.Count);
    }

    [Fact]
    public void ValidateAgainst_lists_uncovered_values_and_counts()
    {
        var h = Hierarchy.FromRows(AgeRows, "age.csv");
        var column = Column.FromValues("age", ["17", "1", "2", "23", "3", "4", "5", "6", "7", "2"]);

        var e = Assert.Throws<HierarchyException>(() => h.ValidateAgainst(column));

        Assert.Equal("Attribute 'age': 7 values have no row in hierarchy 'age.csv': '1', '2', '3', '4', '5', and 2 more.", e.Message);
        Assert.Equal("age", e.Attribute);
        Assert.Equal("age.csv", e.SourceName);
        Assert.Null(e.Line);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], e.UncoveredValues);
    }

    [Fact]
    public void ValidateAgainst_reports_a_missing_value_without_a_row()
    {
        var h = Hierarchy.FromRows(AgeRows);
        var column = Column.FromValues("age", ["17", null, "99"]);

        var e = Assert.Throws<HierarchyException>(() => h.ValidateAgainst(column));

        Assert.Equal(
            "Attribute 'age': 2 values have no row in the hierarchy: (missing value), '99'. " +
            "A missing value is looked up as the empty string; add a row for it (a line starting with the delimiter).",
            e.Message);
        Assert.Equal([null, "99"], e.UncoveredValues);
    }

    [Fact]
    public void ValidateAgainst_singular_message()
    {
        var h = Hierarchy.FromRows(AgeRows);

        var e = Assert.Throws<HierarchyException>(() => h.ValidateAgainst(Column.FromValues("age", ["99"])));

        Assert.Equal("Attribute 'age': 1 value has no row in the hierarchy: '99'.", e.Message);
    }
}
