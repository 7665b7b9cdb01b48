using System.Text;
using Sanitas.Data;

namespace Sanitas.Tests.Data;

public sealed class CsvWriterTests
{
    private static Table Sample() => new(
    [
        Column.FromValues("name", ["Anna", "Ben, Jr.", "say \"hi\"", null, "two\nlines", "cr\rhere", " spaced "]),
        Column.FromValues("age", ["34", "51", null, "7", "0", "-3", "12"], ColumnType.Integer),
        Column.FromValues("visit", ["2024-01-31", null, "2023-12-01", "2020-02-29", "2021-06-15", "2022-07-04", "2019-11-11"], ColumnType.Date),
    ]);

    private static string WriteToString(Table table, char delimiter = ',')
    {
        var writer = new StringWriter();
        CsvWriter.Write(table, writer, delimiter);
        return writer.ToString();
    }

    private static void AssertSameValues(Table expected, Table actual)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.RowCount, actual.RowCount);
        foreach (var column in expected.Columns)
        {
            for (var row = 0; row < expected.RowCount; row++)
            {
                Assert.Equal(column[row], actual[column.Name][row]);
            }
        }
    }

    [Fact]
    public void Quotes_only_fields_that_need_it()
    {
        var text = WriteToString(Sample());

        Assert.Equal(
            "name,age,visit\n" +
            "Anna,34,2024-01-31\n" +
            "\"Ben, Jr.\",51,\n" +
            "\"say \"\"hi\"\"\",,2023-12-01\n" +
            ",7,2020-02-29\n" +
            "\"two\nlines\",0,2021-06-15\n" +
            "\"cr\rhere\",-3,2022-07-04\n" +
            " spaced ,12,2019-11-11\n",
            text);
    }

    [Fact]
    public void Quotes_the_chosen_delimiter()
    {
        var table = new Table([Column.FromValues("a;b", ["1,5", "x;y"]), Column.FromValues("c", ["1", "2"])]);

        Assert.Equal("\"a;b\";c\n1,5;1\n\"x;y\";2\n", WriteToString(table, ';'));
    }

    [Fact]
    public void Single_column_empty_values_stay_visible()
    {
        var table = new Table([Column.FromValues("a", ["1", null, ""])]);

        var text = WriteToString(table);

        Assert.Equal("a\n1\n\"\"\n\"\"\n", text);
        Assert.Equal(3, CsvReader.Parse(new StringReader(text), "x").RowCount);
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void Round_trip_preserves_values_and_types(char delimiter)
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");
        var table = Sample();

        CsvWriter.Write(table, path, delimiter);
        var read = CsvReader.Read(path);

        AssertSameValues(table, read);
        Assert.Equal(ColumnType.Integer, read["age"].Type);
        Assert.Equal(ColumnType.Date, read["visit"].Type);
    }

    [Fact]
    public void Round_trip_of_arx_adult()
    {
        using var folder = new TempFolder();
        var path = folder.File("adult.csv");
        var table = CsvReader.Read(SharedData.File("arx/adult.csv"));

        CsvWriter.Write(table, path);
        var read = CsvReader.Read(path);

        AssertSameValues(table, read);
    }

    [Fact]
    public async Task Async_write_round_trips()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");

        await CsvWriter.WriteAsync(Sample(), path, ';');

        AssertSameValues(Sample(), await CsvReader.ReadAsync(path));
    }

    [Fact]
    public void Writes_utf8_without_bom_and_lf_only()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");
        var table = new Table([Column.FromValues("city", ["Zürich", "Genève"])]);

        CsvWriter.Write(table, path);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal("city\nZürich\nGenève\n"u8.ToArray(), bytes);
        Assert.DoesNotContain((byte)'\r', bytes);
    }

    [Fact]
    public void Replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");
        File.WriteAllText(path, "old content that is longer than the new one\n");

        CsvWriter.Write(new Table([Column.FromValues("a", ["1"])]), path);

        Assert.Equal("a\n1\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Cancelled_write_leaves_the_existing_file_intact()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");
        File.WriteAllText(path, "precious\n");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => CsvWriter.Write(Sample(), path, ct: cts.Token));

        Assert.Equal("precious\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Failed_async_write_leaves_no_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CsvWriter.WriteAsync(Sample(), path, ct: cts.Token));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Writes_large_tables_in_chunks()
    {
        var values = Enumerable.Range(0, 50_000).Select(i => $"value {i % 1000}").ToArray();
        var table = new Table([Column.FromValues("v", values), Column.FromValues("i", values.Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        var writer = new StringWriter();

        CsvWriter.Write(table, writer);

        var read = CsvReader.Parse(new StringReader(writer.ToString()), "big");
        AssertSameValues(table, read);
    }

    [Theory]
    [InlineData('"')]
    [InlineData('\n')]
    [InlineData('\r')]
    public void Rejects_a_delimiter_that_cannot_work(char delimiter)
    {
        Assert.Throws<InvalidOptionException>(() => CsvWriter.Write(Sample(), new StringWriter(new StringBuilder()), delimiter));
    }
}
