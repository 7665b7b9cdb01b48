using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class HierarchyWriterTests
{
    [Theory]
    [MemberData(nameof(ArxData.AdultHierarchies), MemberType = typeof(ArxData))]
    public void ToCsv_reproduces_adult_hierarchy_files(string attribute, int levels, int rows)
    {
        var path = ArxData.AdultHierarchyPath(attribute);
        var h = HierarchyReader.Read(path);

        var csv = HierarchyWriter.ToCsv(h);

        var expected = File.ReadAllText(path);
        Assert.Equal(expected.EndsWith('\n') ? expected : expected + "\n", csv);
        Assert.Equal(rows, csv.Count(c => c == '\n'));
        Assert.Equal(levels, csv.Split('\n')[0].Split(';').Length);
    }

    [Fact]
    public void ToCsv_quotes_only_when_needed()
    {
        var h = Hierarchy.FromRows(
        [
            ["a;1", "say \"hi\"", "*"],
            ["", "two\nlines", "*"],
            ["plain", "[20, 25[", "*"],
        ]);

        var csv = HierarchyWriter.ToCsv(h);

        Assert.Equal("\"a;1\";\"say \"\"hi\"\"\";*\n;\"two\nlines\";*\nplain;[20, 25[;*\n", csv);
        Assert.Equal(h.Rows, HierarchyReader.Read(new StringReader(csv)).Rows);
    }

    [Fact]
    public void ToCsv_quotes_a_lone_empty_field_so_it_is_not_a_blank_line()
    {
        var h = Hierarchy.FromRows([["a"], [""], [" "]]);

        var csv = HierarchyWriter.ToCsv(h);

        Assert.Equal("a\n\"\"\n\" \"\n", csv);
        Assert.Equal(h.Rows, HierarchyReader.Read(new StringReader(csv)).Rows);
    }

    [Fact]
    public void ToCsv_other_delimiter()
    {
        var h = Hierarchy.FromRows([["a,b", "A", "*"]]);

        Assert.Equal("\"a,b\",A,*\n", HierarchyWriter.ToCsv(h, ','));
        Assert.Throws<InvalidOptionException>(() => HierarchyWriter.ToCsv(h, '\n'));
    }

    [Fact]
    public async Task Write_files_round_trip_without_bom()
    {
        var h = HierarchyReader.Read(ArxData.AdultHierarchyPath("education"));
        var path = Path.Combine(Path.GetTempPath(), $"sanitas-hier-{Guid.NewGuid():N}.csv");
        try
        {
            HierarchyWriter.Write(h, path);
            Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]);
            Assert.Equal(h.Rows, HierarchyReader.Read(path).Rows);

            await HierarchyWriter.WriteAsync(h, path);
            Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]);
            Assert.Equal(h.Rows, (await HierarchyReader.ReadAsync(path)).Rows);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
