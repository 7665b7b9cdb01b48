using Sanitas.Cli;
using Sanitas.Data;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Anonymization.BigTables;

/// <summary>The command-line entries of the big-table path: <c>sample adult-scale</c> and <c>anonymize --input-db</c>.</summary>
public sealed class BigTableCommandTests
{
    [Fact]
    public void Sample_adult_scale_writes_the_rows_asked_for()
    {
        using var folder = new TempFolder();
        var path = folder.File("scaled.csv");
        var (code, output, error) = CliRunner.Run("sample", "adult-scale", "--rows", "40000", "--out", path, "--seed", "2", "--adult", TestData.Adult("adult.csv"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Wrote 40,000 rows (seed 2)", output, StringComparison.Ordinal);
        Assert.Equal(40_000, CsvReader.Read(path).RowCount);

        (code, _, error) = CliRunner.Run("sample", "adult-scale", "--rows", "0", "--out", path);
        Assert.Equal(ExitCodes.InvalidArguments, code);
        Assert.Contains("--rows must be positive", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymize_reads_a_SQLite_table_with_the_counting_pushed_down()
    {
        using var folder = new TempFolder();
        var (config, input) = StreamingAnonymizationTests.People(folder);
        var database = folder.File("people.sqlite");
        await SqliteTableWriter.WriteAsync(CsvReader.Read(input, new CsvOptions { Delimiter = ';' }), database, "people");
        var expected = StreamingAnonymizationTests.InMemory(config, input, folder.Path);

        var output = folder.File("from-db.csv");
        var (code, text, error) = CliRunner.Run("anonymize", "--input-db", database, "--input-table", "people", "--push-down", "true", "--config", config, "--output", output);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("600", text, StringComparison.Ordinal);
        Assert.Equal(expected.Output, File.ReadAllBytes(output));

        (code, _, error) = CliRunner.Run("anonymize", "--input-db", database, "--config", config, "--output", output);
        Assert.Equal(ExitCodes.InvalidArguments, code);
        Assert.Contains("--input-db needs --input-table", error, StringComparison.Ordinal);
    }
}
