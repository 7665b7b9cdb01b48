using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sanitas.Data;

namespace Sanitas.Tests.Data;

public sealed class CsvReaderTests
{
    private static Table Parse(string text, CsvOptions? options = null) =>
        CsvReader.Parse(new StringReader(text), "test.csv", options);

    private static CsvFormatException ParseError(string text, CsvOptions? options = null) =>
        Assert.Throws<CsvFormatException>(() => Parse(text, options));

    private static List<string?> Values(Column column) => [.. Enumerable.Range(0, column.RowCount).Select(i => column[i])];

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void Detects_the_delimiter(char delimiter)
    {
        var d = delimiter.ToString();
        var table = Parse($"name{d}age{d}city\nAnna{d}34{d}Bern\nBen{d}51{d}Basel\n");

        Assert.Equal(["name", "age", "city"], table.ColumnNames);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["Anna", "Ben"], Values(table["name"]));
        Assert.Equal(["Bern", "Basel"], Values(table["city"]));
    }

    [Fact]
    public void Detection_prefers_the_delimiter_with_a_consistent_field_count()
    {
        // Commas appear inside values but only semicolons split every line equally.
        var table = Parse("a;b;c\n1,5;x;y\n2;3,0,1;z\n");

        Assert.Equal(["a", "b", "c"], table.ColumnNames);
        Assert.Equal(["1,5", "2"], Values(table["a"]));
    }

    [Fact]
    public void Detection_ignores_delimiters_inside_quotes()
    {
        var table = Parse("a;b\n\"x,y,z\";1\n\"p,q\";2\n");

        Assert.Equal(["a", "b"], table.ColumnNames);
        Assert.Equal(["x,y,z", "p,q"], Values(table["a"]));
    }

    [Fact]
    public void Declared_delimiter_is_used()
    {
        var table = Parse("a;b|c\n1;2|3\n", new CsvOptions { Delimiter = '|' });

        Assert.Equal(["a;b", "c"], table.ColumnNames);
    }

    [Fact]
    public void Single_column_file_is_read()
    {
        var table = Parse("id\n1\n2\n");

        Assert.Equal(["id"], table.ColumnNames);
        Assert.Equal(["1", "2"], Values(table["id"]));
    }

    [Fact]
    public void Quoted_fields_hold_delimiters_doubled_quotes_and_line_breaks()
    {
        var table = Parse("id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"crlf\r\ninside\"\n5,\"\"\"\"\n");

        Assert.Equal(["a, b", "say \"hi\"", "two\nlines", "crlf\r\ninside", "\""], Values(table["note"]));
        Assert.Equal(5, table.RowCount);
    }

    [Fact]
    public void Line_numbers_count_line_breaks_inside_quotes()
    {
        var error = ParseError("a,b\n1,\"x\ny\nz\"\n2,3,4\n");

        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Byte_order_mark_is_skipped_in_files()
    {
        using var folder = new TempFolder();
        var path = folder.File("bom.csv");
        File.WriteAllText(path, "name,age\nAnna,34\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);

        var table = CsvReader.Read(path);

        Assert.Equal(["name", "age"], table.ColumnNames);
    }

    [Fact]
    public void Byte_order_mark_is_skipped_in_text()
    {
        var table = Parse("\uFEFFname,age\nAnna,34\n");

        Assert.Equal(["name", "age"], table.ColumnNames);
    }

    [Fact]
    public void Crlf_and_lf_and_a_final_line_without_line_end_are_read()
    {
        var table = Parse("a,b\r\n1,x\r\n2,y\n3,z");

        Assert.Equal(["1", "2", "3"], Values(table["a"]));
        Assert.Equal(["x", "y", "z"], Values(table["b"]));
    }

    [Fact]
    public void Final_carriage_return_is_trimmed()
    {
        var table = Parse("a,b\r\n1,x\r");

        Assert.Equal(["x"], Values(table["b"]));
    }

    [Fact]
    public void Whitespace_is_kept()
    {
        var table = Parse("a,b\n 1 ,  x\t\n");

        Assert.Equal([" 1 "], Values(table["a"]));
        Assert.Equal(["  x\t"], Values(table["b"]));
    }

    [Fact]
    public void Empty_cells_are_missing()
    {
        var table = Parse("a,b,c\n1,,x\n,2,\"\"\n3,4,\n");

        Assert.Equal(["1", null, "3"], Values(table["a"]));
        Assert.Equal([null, "2", "4"], Values(table["b"]));
        Assert.Equal(["x", null, null], Values(table["c"]));
        Assert.Equal(1, table["c"].MissingCode);
    }

    [Fact]
    public void Blank_lines_are_skipped()
    {
        var table = Parse("a,b\n\n1,2\r\n\r\n3,4\n\n");

        Assert.Equal(["1", "3"], Values(table["a"]));
    }

    [Fact]
    public void Values_are_dictionary_encoded()
    {
        var table = Parse("sex\nmale\nfemale\nmale\nmale\n");

        var sex = table["sex"];
        Assert.Equal(["male", "female"], sex.Dictionary);
        Assert.Equal([0, 1, 0, 0], sex.Codes.ToArray());
    }

    [Fact]
    public void Without_header_columns_are_numbered()
    {
        var table = Parse("1,x\n2,y\n", new CsvOptions { HasHeader = false });

        Assert.Equal(["column1", "column2"], table.ColumnNames);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(ColumnType.Integer, table["column1"].Type);
    }

    [Fact]
    public void Header_only_gives_an_empty_table()
    {
        var table = Parse("a,b\n");

        Assert.Equal(["a", "b"], table.ColumnNames);
        Assert.Equal(0, table.RowCount);
        Assert.Equal(ColumnType.Text, table["a"].Type);
    }

    [Fact]
    public void Types_are_inferred()
    {
        var table = Parse("i,d,dt,t,m,e\n1,1.5,2024-01-31,a,,-1e3\n-20,2,2023-12-01,2,,7\n");

        Assert.Equal(ColumnType.Integer, table["i"].Type);
        Assert.Equal(ColumnType.Decimal, table["d"].Type);
        Assert.Equal(ColumnType.Date, table["dt"].Type);
        Assert.Equal(ColumnType.Text, table["t"].Type);
        Assert.Equal(ColumnType.Text, table["m"].Type);
        Assert.Equal(ColumnType.Decimal, table["e"].Type);
    }

    [Fact]
    public void Missing_values_do_not_prevent_inference()
    {
        var table = Parse("i,d\n1,\n,2024-02-29\n3,\n");

        Assert.Equal(ColumnType.Integer, table["i"].Type);
        Assert.Equal(ColumnType.Date, table["d"].Type);
    }

    [Fact]
    public void Declared_date_formats_are_used()
    {
        var table = Parse("d\n31.01.2024\n2024-02-01\n", new CsvOptions { DateFormats = ["yyyy-MM-dd", "dd.MM.yyyy"] });

        Assert.Equal(ColumnType.Date, table["d"].Type);
        Assert.Equal(ColumnType.Text, Parse("d\n31.01.2024\n")["d"].Type);
    }

    [Fact]
    public void Inference_can_be_turned_off()
    {
        var table = Parse("i\n1\n", new CsvOptions { InferTypes = false });

        Assert.Equal(ColumnType.Text, table["i"].Type);
    }

    [Fact]
    public void Declared_types_win_over_inference()
    {
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["zip"] = ColumnType.Text, ["n"] = ColumnType.Decimal } };

        var table = Parse("zip,n\n01234,1\n80331,2\n", options);

        Assert.Equal(ColumnType.Text, table["zip"].Type);
        Assert.Equal(["01234", "80331"], Values(table["zip"]));
        Assert.Equal(ColumnType.Decimal, table["n"].Type);
    }

    [Fact]
    public void Declared_types_apply_without_inference()
    {
        var options = new CsvOptions { InferTypes = false, ColumnTypes = new Dictionary<string, ColumnType> { ["n"] = ColumnType.Integer } };

        var table = Parse("n,m\n1,2\n", options);

        Assert.Equal(ColumnType.Integer, table["n"].Type);
        Assert.Equal(ColumnType.Text, table["m"].Type);
    }

    [Fact]
    public void Value_not_fitting_a_declared_type_is_an_error_at_its_first_occurrence()
    {
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["age"] = ColumnType.Integer } };

        var error = ParseError("name,age\nAnna,34\nBen,\"5\n1\"\nCara,unknown\nDan,unknown\n", options);

        Assert.Equal(3, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Equal("test.csv, line 3, column 2: column 'age' is declared Integer, but '5\n1' is not a whole number", error.Message);
    }

    [Fact]
    public void Declared_date_type_error_names_the_formats()
    {
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["d"] = ColumnType.Date } };

        var error = ParseError("x,d\n1,2024-01-01\n2,01/02/2024\n", options);

        Assert.Equal(3, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Equal("test.csv, line 3, column 2: column 'd' is declared Date, but '01/02/2024' is not a date (yyyy-MM-dd)", error.Message);
    }

    [Fact]
    public void Declared_type_for_an_unknown_column_is_an_error()
    {
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["agee"] = ColumnType.Integer } };

        var error = ParseError("name,age\nAnna,34\n", options);

        Assert.Equal(1, error.Line);
        Assert.Null(error.Column);
        Assert.Equal("test.csv, line 1: a type is declared for column 'agee', which the file does not have; its columns are: name, age", error.Message);
    }

    [Fact]
    public void Too_few_fields_is_an_error()
    {
        var error = ParseError("a,b,c\n1,2,3\n4,5\n");

        Assert.Equal(3, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Equal("test.csv, line 3, column 3: expected 3 fields (as in the header), found 2", error.Message);
    }

    [Fact]
    public void Too_many_fields_is_an_error()
    {
        var error = ParseError("a,b\r\n1,2\r\n\r\n3,4,5\r\n");

        Assert.Equal(4, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Equal("test.csv, line 4, column 3: expected 2 fields (as in the header), found 3", error.Message);
    }

    [Fact]
    public void Field_count_without_header_is_checked_against_the_first_line()
    {
        var error = ParseError("1,2\n3\n", new CsvOptions { HasHeader = false });

        Assert.Equal("test.csv, line 2, column 2: expected 2 fields (as in the first line), found 1", error.Message);
    }

    [Fact]
    public void Unterminated_quote_is_an_error_at_the_line_where_the_field_starts()
    {
        var error = ParseError("a,b,c\n1,2,3\n4,5,\"six\n7,8,9\n");

        Assert.Equal(3, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Equal("test.csv, line 3, column 3: unterminated quoted field", error.Message);
    }

    [Fact]
    public void Stray_quote_in_an_unquoted_field_is_an_error()
    {
        var error = ParseError("a,b\n1,2\n3,4 \"inch\"\n");

        Assert.Equal(3, error.Line);
        Assert.Equal(2, error.Column);
        Assert.StartsWith("test.csv, line 3, column 2: stray quote in an unquoted field", error.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        var error = ParseError("a,b\n\"x\"y,2\n");

        Assert.Equal(2, error.Line);
        Assert.Equal(1, error.Column);
        Assert.StartsWith("test.csv, line 2, column 1: unexpected 'y' after the closing quote", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n")]
    [InlineData("\uFEFF")]
    public void Empty_file_is_an_error(string text)
    {
        var error = ParseError(text);

        Assert.Null(error.Column);
        Assert.Equal("test.csv", error.SourceName);
        Assert.EndsWith(": the file is empty: no header row", error.Message);
    }

    [Fact]
    public void Empty_header_name_is_an_error()
    {
        var error = ParseError("a,,c\n1,2,3\n");

        Assert.Equal(1, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Equal("test.csv, line 1, column 2: empty column name in the header", error.Message);
    }

    [Fact]
    public void Duplicate_header_name_is_an_error()
    {
        var error = ParseError("\n\na,b,a\n1,2,3\n");

        Assert.Equal(3, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Equal("test.csv, line 3, column 3: duplicate column name 'a' in the header (also column 1)", error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_an_error()
    {
        using var folder = new TempFolder();
        var path = folder.File("latin1.csv");
        File.WriteAllBytes(path, [.. "city\n"u8, 0x5A, 0xFC, 0x72, 0x69, 0x63, 0x68, 0x0A]);

        var error = Assert.Throws<CsvFormatException>(() => CsvReader.Read(path));
        Assert.Contains("latin1.csv", error.Message);
        Assert.Contains("not valid", error.Message);

        var table = CsvReader.Read(path, new CsvOptions { Encoding = Encoding.Latin1 });
        Assert.Equal("Zürich", table["city"][0]);
    }

    [Fact]
    public void Errors_in_files_name_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("broken.csv");
        File.WriteAllText(path, "a;b\n1;2\n3\n");

        var error = Assert.Throws<CsvFormatException>(() => CsvReader.Read(path));

        Assert.Equal("broken.csv, line 3, column 2: expected 2 fields (as in the header), found 1", error.Message);
    }

    [Fact]
    public void Records_longer_than_the_buffer_are_read()
    {
        var longValue = new string('x', 200_000);
        var table = Parse($"a,b\n1,\"{longValue}\"\"\"\n2,{longValue}\n");

        Assert.Equal(longValue + "\"", table["b"][0]);
        Assert.Equal(longValue, table["b"][1]);
    }

    [Fact]
    public void Records_cut_by_buffer_boundaries_are_read()
    {
        // A reader that returns one character at a time cuts every token in every way.
        var text = "a,b\r\n\"x\"\"y\",\"1\r\n2\"\r\nz,\r\n,\"\"\r\n";
        var table = CsvReader.Parse(new TrickleReader(text), "trickle.csv");

        Assert.Equal(["x\"y", "z", null], Values(table["a"]));
        Assert.Equal(["1\r\n2", null, null], Values(table["b"]));
    }

    [Fact]
    public async Task Async_read_matches_sync_read()
    {
        using var folder = new TempFolder();
        var path = folder.File("data.csv");
        await File.WriteAllTextAsync(path, "a;b\n1;\"x;y\"\n2;z\n");

        var table = await CsvReader.ReadAsync(path);

        Assert.Equal(["1", "2"], Values(table["a"]));
        Assert.Equal(["x;y", "z"], Values(table["b"]));
        Assert.Equal(ColumnType.Integer, table["a"].Type);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => CsvReader.Parse(new StringReader("a\n1\n"), "x", ct: cts.Token));
    }

    [Fact]
    public void Progress_is_reported_up_to_one()
    {
        var reports = new List<double>();
        var progress = new SyncProgress(reports.Add);

        var table = CsvReader.Read(SharedData.File("arx/adult.csv"), new CsvOptions { Progress = progress });

        Assert.Equal(30162, table.RowCount);
        Assert.True(reports.Count > 2);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void Reads_arx_adult()
    {
        var table = CsvReader.Read(SharedData.File("arx/adult.csv"));

        Assert.Equal(30162, table.RowCount);
        Assert.Equal(
            ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation", "salary-class"],
            table.ColumnNames);
        Assert.Equal(ColumnType.Integer, table["age"].Type);
        Assert.Equal(ColumnType.Text, table["sex"].Type);
        Assert.Equal(["Male", "Female"], table["sex"].Dictionary);
        Assert.Equal("39", table["age"][0]);
        Assert.Equal("<=50K", table["salary-class"][0]);
        Assert.Equal(-1, table["sex"].MissingCode);
    }

    [Fact]
    public void Reads_many_rows()
    {
        var text = new StringBuilder("id,age,zip,visit\n");
        for (var i = 0; i < 300_000; i++)
        {
            text.Append(i).Append(',').Append(18 + (i % 80)).Append(',').Append(10000 + (i % 997)).Append(",2024-01-").Append((1 + (i % 28)).ToString("D2", CultureInfo.InvariantCulture)).Append('\n');
        }

        var table = Parse(text.ToString());

        Assert.Equal(300_000, table.RowCount);
        Assert.Equal(80, table["age"].DistinctCount);
        Assert.Equal(ColumnType.Integer, table["id"].Type);
        Assert.Equal(ColumnType.Date, table["visit"].Type);
    }

    /// <summary>Returns its text one character per read.</summary>
    private sealed class TrickleReader(string text) : TextReader
    {
        private int _position;

        public override int Read(Span<char> buffer)
        {
            if (_position >= text.Length || buffer.IsEmpty)
            {
                return 0;
            }
            buffer[0] = text[_position++];
            return 1;
        }
    }

    /// <summary>Reports synchronously, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
