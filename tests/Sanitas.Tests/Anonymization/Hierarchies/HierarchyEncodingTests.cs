using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class HierarchyEncodingTests
{
    private static readonly Hierarchy Zip = Hierarchy.FromRows(
    [
        ["47677", "4767*", "476**", "*****"],
        ["47602", "4760*", "476**", "*****"],
        ["47678", "4767*", "476**", "*****"],
        ["47905", "4790*", "479**", "*****"],
        ["47909", "4790*", "479**", "*****"],
        ["11111", "1111*", "111**", "*****"],
        ["", "", "", "*****"],
    ]);

    [Fact]
    public void Encode_maps_column_codes_to_dense_codes_per_level()
    {
        // Column dictionary (first appearance): 47909, 47677, 47678, 47602.
        var column = Column.FromValues("zip", ["47909", "47677", "47678", "47909", "47602"]);

        var e = Zip.Encode(column);

        Assert.Equal("zip", e.Attribute);
        Assert.Same(column, e.Column);
        Assert.Same(Zip, e.Hierarchy);
        Assert.Equal(4, e.LevelCount);
        Assert.Equal([0, 1, 2, 3], e.GetMap(0).ToArray());
        Assert.Equal(["47909", "47677", "47678", "47602"], e.GetValues(0));
        Assert.Equal([0, 1, 1, 2], e.GetMap(1).ToArray());
        Assert.Equal(["4790*", "4767*", "4760*"], e.GetValues(1));
        Assert.Equal([0, 1, 1, 1], e.GetMap(2).ToArray());
        Assert.Equal(["479**", "476**"], e.GetValues(2));
        Assert.Equal([0, 0, 0, 0], e.GetMap(3).ToArray());
        Assert.Equal(["*****"], e.GetValues(3));
    }

    [Fact]
    public void DistinctCounts_in_data_and_in_hierarchy()
    {
        var e = Zip.Encode(Column.FromValues("zip", ["47909", "47677", "47678", "47602"]));

        Assert.Equal([4, 3, 2, 1], Enumerable.Range(0, 4).Select(e.GetDistinctCount));
        Assert.Equal([7, 5, 4, 1], Enumerable.Range(0, 4).Select(e.GetHierarchyDistinctCount));
    }

    [Fact]
    public void Encode_maps_the_missing_value_through_the_empty_string_row()
    {
        var column = Column.FromValues("zip", ["47677", null, "47677"]);

        var e = Zip.Encode(column);

        Assert.Equal(["47677", null], e.GetValues(0));
        Assert.Equal(["4767*", ""], e.GetValues(1));
        Assert.Equal([0, 1], e.GetMap(1).ToArray());
        Assert.Equal([0, 0], e.GetMap(3).ToArray());
    }

    [Fact]
    public void Generalize_writes_the_column_at_a_level()
    {
        var column = Column.FromValues("zip", ["47909", "47677", "47678", "47909"]);
        var e = Zip.Encode(column);

        var level1 = e.Generalize(1);

        Assert.Equal("zip", level1.Name);
        Assert.Equal(["4790*", "4767*", "4767*", "4790*"], Enumerable.Range(0, 4).Select(r => level1[r]));
        Assert.Same(column, e.Generalize(0));
    }

    [Fact]
    public void Encode_agrees_with_generalize_on_adult_age()
    {
        var column = ArxData.ReadColumns("adult.csv")["age"];
        var h = HierarchyReader.Read(ArxData.AdultHierarchyPath("age"));

        var e = h.Encode(column);

        // Ages 17..90; ARX's file puts 16..20 into "15-19", ..., 86..90 into "85-89".
        Assert.Equal([72, 15, 8, 5, 1], Enumerable.Range(0, 5).Select(e.GetDistinctCount));
        Assert.Equal([100, 20, 10, 5, 1], Enumerable.Range(0, 5).Select(e.GetHierarchyDistinctCount));
        for (var l = 0; l < e.LevelCount; l++)
        {
            var map = e.GetMap(l);
            var values = e.GetValues(l);
            for (var c = 0; c < column.DistinctCount; c++)
            {
                Assert.Equal(h.Generalize(column.Dictionary[c], l), values[map[c]]);
            }
        }
    }

    [Fact]
    public void Encode_rejects_uncovered_values()
    {
        var ex = Assert.Throws<HierarchyException>(() => Zip.Encode(Column.FromValues("zip", ["47677", "99999"])));
        Assert.Equal("Attribute 'zip': 1 value has no row in the hierarchy: '99999'.", ex.Message);
    }

    [Fact]
    public void Levels_out_of_range_are_rejected()
    {
        var e = Zip.Encode(Column.FromValues("zip", ["47677"]));

        Assert.Throws<ArgumentOutOfRangeException>(() => e.GetMap(4).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => e.GetValues(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => e.GetDistinctCount(4));
    }
}
