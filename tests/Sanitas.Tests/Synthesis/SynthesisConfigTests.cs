using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class SynthesisConfigTests
{
    private static SynthesisConfig Parse(string yaml) => SynthesisConfig.Parse(new StringReader(yaml), "synth.yaml");

    [Fact]
    public void The_Adult_domain_has_nine_columns_and_age_in_sixteen_five_year_bins()
    {
        var config = SynthesisConfig.Load(TestData.Adult("adult-synth.yaml"));
        Assert.Equal(9, config.Columns.Count);
        var age = config.Columns.Single(c => c.Name == "age");
        Assert.Equal(SynthesisColumnKind.Integer, age.Kind);
        Assert.Equal(16, age.Size);
        Assert.Equal(Enumerable.Range(0, 17).Select(i => 15.0 + (5 * i)), age.Edges);
        Assert.Equal(41, config.Columns.Single(c => c.Name == "native-country").Size);
    }

    [Theory]
    [InlineData("15", 0)]
    [InlineData("19", 0)]
    [InlineData("20", 1)]
    [InlineData("94", 15)]
    [InlineData("3", 0)]
    [InlineData("130", 15)]
    [InlineData("-7", 0)]
    [InlineData("not a number", 2)]
    public void Numbers_are_clamped_into_the_declared_range_and_unparsable_values_go_to_the_missing_bin(string value, int cell)
    {
        var age = Parse("columns:\n  age: { type: integer, min: 15, max: 94, bins: 16, missing: 25 }\n").Columns[0];
        Assert.Equal(cell, age.CellOf(value, null));
    }

    [Fact]
    public void Categories_map_unknown_values_to_other()
    {
        var race = Parse("columns:\n  race: { categories: [White, Black, Other], other: Other }\n").Columns[0];
        var index = race.Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        Assert.Equal(1, race.CellOf("Black", index));
        Assert.Equal(2, race.CellOf("Martian", index));
        Assert.Equal(2, race.CellOf(null, index));
    }

    [Fact]
    public void Dates_are_binned_by_month_and_clamped()
    {
        var visit = Parse("columns:\n  visit: { type: date, min: 2021-01-01, max: 2021-12-31, granularity: month }\n").Columns[0];
        Assert.Equal(12, visit.Size);
        Assert.Equal(0, visit.CellOf("2020-05-01", null));
        Assert.Equal(2, visit.CellOf("2021-03-31", null));
        Assert.Equal(11, visit.CellOf("2023-01-01", null));
        Assert.Equal("[2021-03-01, 2021-04-01)", visit.Categories[2]);
    }

    [Fact]
    public void Real_edges_must_increase_and_the_error_names_line_and_column()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("columns:\n  bmi: { type: real, edges: [10, 25, 18.5, 60] }\n"));
        Assert.Equal(2, e.Line);
        Assert.Contains("must increase", e.Message);
    }

    [Theory]
    [InlineData("columns:\n  age: { type: integer, min: 15, max: 94, bins: 16, colour: red }\n", 2, "unknown key 'colour'")]
    [InlineData("columns:\n  sex: [Male]\n", 2, "at least two categories")]
    [InlineData("columns:\n  sex: [Male, Female]\n  sex: [Male, Female]\n", 3, "Duplicate key")]
    [InlineData("columns:\n  age: { type: integer, min: 15, max: 94.5 }\n", 2, "whole numbers")]
    [InlineData("columns:\n  d: { type: date, min: 2021-13-01, max: 2021-12-31 }\n", 2, "yyyy-MM-dd")]
    [InlineData("columns:\n  age: { type: decimal, min: 1, max: 2 }\n", 2, "unknown column type")]
    [InlineData("columns:\n  race: { categories: [A, B], other: C }\n", 2, "'other' of 'race'")]
    [InlineData("rows: 5\n", 1, "unknown key 'rows'")]
    [InlineData("columns:\n  sex:\n    - Male\n    - Female\n    - Male\n", 5, "the category 'Male' of 'sex' is listed twice")]
    public void Bad_configurations_fail_with_their_place(string yaml, int line, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(yaml));
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message);
        Assert.Contains("synth.yaml", e.Message);
    }

    [Fact]
    public void A_category_list_over_the_size_limit_is_refused_at_its_place_before_its_entries_are_checked()
    {
        // Duplicates too: the size is the first thing refused (it once took a linear search per entry to get there).
        var list = string.Join(", ", Enumerable.Range(0, SynthesisConfig.MaxCellsPerColumn + 1).Select(i => i % 2 == 0 ? "a" : $"c{i}"));
        var e = Assert.Throws<ConfigException>(() => Parse($"columns:\n  code: [{list}]\n  sex: [Male, Female]\n"));
        Assert.Equal(2, e.Line);
        Assert.Contains("'code' declares 10,001 cells; at most 10,000 per column", e.Message);
    }

    [Fact]
    public void A_declared_column_missing_from_the_input_points_at_its_declaration()
    {
        var config = Parse("columns:\n  sex: [Male, Female]\n  agee: { type: integer, min: 0, max: 9 }\n");
        var e = Assert.Throws<ConfigException>(() => config.CheckColumns(["sex", "age"], "adult.csv"));
        Assert.Equal(3, e.Line);
        Assert.Contains("'agee' is not in adult.csv", e.Message);
    }
}
