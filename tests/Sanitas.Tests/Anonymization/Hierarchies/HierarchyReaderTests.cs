using System.Text;
using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class HierarchyReaderTests
{
    private static Hierarchy Parse(string text, string? source = "h.csv", char delimiter = ';') =>
        HierarchyReader.Read(new StringReader(text), source, delimiter);

    private static HierarchyException ParseError(string text) =>
        Assert.Throws<HierarchyException>(() => Parse(text));

    [Theory]
    [MemberData(nameof(ArxData.AdultHierarchies), MemberType = typeof(ArxData))]
    public void Read_every_adult_hierarchy(string attribute, int levels, int rows)
    {
        var path = ArxData.AdultHierarchyPath(attribute);

        var h = HierarchyReader.Read(path);

        Assert.Equal(levels, h.LevelCount);
        Assert.Equal(rows, h.Rows.Count);
        Assert.Equal(path, h.Source);
        Assert.Equal("*", h.GetLevelValues(levels - 1).Single());
    }

    [Fact]
    public void Read_adult_age_values()
    {
        var h = HierarchyReader.Read(ArxData.AdultHierarchyPath("age"));

        Assert.Equal(["1", "0-4", "0-9", "0-19", "*"], h.Rows[0]);
        Assert.Equal("35-39", h.Generalize("37", 1));
        Assert.Equal("30-39", h.Generalize("37", 2));
        Assert.Equal("20-39", h.Generalize("37", 3));
    }

    [Theory]
    [InlineData("test_hierarchy_age.csv", 3, 100)]
    [InlineData("test_hierarchy_gender.csv", 2, 2)]
    [InlineData("test_hierarchy_zipcode.csv", 6, 10000)]
    [InlineData("test2_hierarchy_Age.csv", 3, 9)]
    [InlineData("test2_hierarchy_Disease.csv", 4, 6)]
    [InlineData("test2_hierarchy_ZIPCode.csv", 6, 9)]
    public void Read_arx_test_hierarchies_with_cr_lf(string file, int levels, int rows)
    {
        var h = HierarchyReader.Read(ArxData.PathOf(file));

        Assert.Equal(levels, h.LevelCount);
        Assert.Equal(rows, h.Rows.Count);
        Assert.DoesNotContain(h.Rows.SelectMany(r => r), v => v.Contains('\r') || v.Contains('\n'));
    }

    [Fact]
    public void Read_test2_values()
    {
        var h = HierarchyReader.Read(ArxData.PathOf("test2_hierarchy_Age.csv"));

        Assert.Equal("[20,30[", h.Generalize("29", 1));
        Assert.Equal(">=40", h.Generalize("43", 1));
        Assert.Equal("*", h.Generalize("32", 2));
    }

    [Theory]
    [InlineData("a;A;*\nb;A;*\n")]
    [InlineData("a;A;*\r\nb;A;*\r\n")]
    [InlineData("a;A;*\rb;A;*\r")]
    [InlineData("a;A;*\nb;A;*")]
    [InlineData("\uFEFFa;A;*\nb;A;*\n")]
    [InlineData("a;A;*\nb;A;*\n\n\r\n  \n")]
    public void Read_line_ends_bom_and_trailing_blank_lines(string text)
    {
        var h = Parse(text);

        Assert.Equal(2, h.Rows.Count);
        Assert.Equal(["a", "A", "*"], h.Rows[0]);
        Assert.Equal(["b", "A", "*"], h.Rows[1]);
    }

    [Fact]
    public void Read_file_with_bom()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sanitas-hier-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "a;*\nb;*\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

            var h = HierarchyReader.Read(path);

            Assert.Equal(["a", "b"], h.Values);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ReadAsync_reads_a_file()
    {
        var h = await HierarchyReader.ReadAsync(ArxData.AdultHierarchyPath("sex"));

        Assert.Equal(["Male", "Female"], h.Values);
    }

    [Fact]
    public void Read_quoted_fields()
    {
        var h = Parse("\"a;1\";\"say \"\"hi\"\"\";*\n\"\";empty;*\nplain;\"multi\nline\";*\n");

        Assert.Equal(["a;1", "say \"hi\"", "*"], h.Rows[0]);
        Assert.Equal(["", "empty", "*"], h.Rows[1]);
        Assert.Equal(["plain", "multi\nline", "*"], h.Rows[2]);
    }

    [Fact]
    public void Read_empty_fields_and_missing_value_row()
    {
        var h = Parse("a;A;*\n;;*\n");

        Assert.Equal(["", "", "*"], h.Rows[1]);
        Assert.Equal("*", h.Generalize(null, 2));
    }

    [Fact]
    public void Read_other_delimiter()
    {
        var h = Parse("a,A,*\nb,\"A,B\",*\n", delimiter: ',');

        Assert.Equal(["b", "A,B", "*"], h.Rows[1]);
        Assert.Throws<InvalidOptionException>(() => Parse("a;*", delimiter: '"'));
    }

    [Fact]
    public void Read_line_numbers_count_physical_lines()
    {
        // The quoted field spans lines 2-3, so the ragged row is on line 4.
        var e = ParseError("a;A;*\n\"b\nb\";A;*\nc;*\n");

        Assert.Equal("h.csv, line 4: 2 levels, expected 3 as in line 1.", e.Message);
        Assert.Equal(4, e.Line);
        Assert.Equal("h.csv", e.SourceName);
    }

    [Fact]
    public void Read_ragged_row_on_line_seven()
    {
        var e = ParseError("1;0-4;*\n2;0-4;*\n3;0-4;*\n4;0-4;*\n5;5-9;*\n6;5-9;*\n7;5-9\n8;5-9;*\n");

        Assert.Equal("h.csv, line 7: 2 levels, expected 3 as in line 1.", e.Message);
    }

    [Fact]
    public void Read_inconsistent_hierarchy_names_both_lines()
    {
        var e = ParseError("1;0-4;0-9;*\r\n2;0-4;0-9;*\r\n5;5-9;0-9;*\r\n3;0-4;0-19;*\r\n");

        Assert.Equal("h.csv, line 4: '0-4' at level 1 generalizes to '0-19' at level 2, but to '0-9' in line 1.", e.Message);
    }

    [Fact]
    public void Read_duplicate_value()
    {
        var e = ParseError("a;*\nb;*\n\"a\";*\n");

        Assert.Equal("h.csv, line 3: the value 'a' occurs twice (first in line 1).", e.Message);
    }

    [Fact]
    public void Read_blank_line_before_the_last_row()
    {
        var e = ParseError("a;*\n\nb;*\n");

        Assert.Equal("h.csv, line 2: blank line before the last row.", e.Message);
    }

    [Fact]
    public void Read_unclosed_quote()
    {
        var e = ParseError("a;*\nb;\"*\nc;*\n");

        Assert.Equal("h.csv, line 2: a quoted field is not closed.", e.Message);
    }

    [Fact]
    public void Read_text_after_closing_quote()
    {
        var e = ParseError("a;*\n\"b\"x;*\n");

        Assert.StartsWith("h.csv, line 2: unexpected character 'x' after a closing quote", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("\uFEFF")]
    public void Read_empty_input(string text)
    {
        var e = ParseError(text);

        Assert.Equal("h.csv: the hierarchy has no rows.", e.Message);
    }

    [Fact]
    public void Read_errors_name_the_file_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sanitas-hier-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "a;A;*\nb;*\n");

            var e = Assert.Throws<HierarchyException>(() => HierarchyReader.Read(path));

            Assert.Equal($"{path}, line 2: 2 levels, expected 3 as in line 1.", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_missing_file() =>
        Assert.Throws<FileNotFoundException>(() => HierarchyReader.Read(ArxData.PathOf("no-such-file.csv")));
}
