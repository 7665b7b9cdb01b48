using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Tests.Data;
using Sanitas.Workflows;

namespace Sanitas.Tests.Anonymization.BigTables;

/// <summary>
/// Anonymizing a database table, with the tuple counting pushed down to the database as GROUP BY
/// or done here, must give the in-memory result on the same rows read from CSV: the same
/// transformation, suppression and output file (the loss may differ in the last bits, as the
/// database returns the groups in its own order and the sum runs in that order).
/// </summary>
public sealed class DatabaseAnonymizerTests
{
    private static void AssertSameAsCsv(string config, string input, TempFolder folder, string database, string table)
    {
        var memory = StreamingAnonymizationTests.InMemory(config, input, folder.Path);
        foreach (var pushDown in new[] { true, false })
        {
            var output = folder.File($"db-{pushDown}.csv");
            var report = DatabaseAnonymizer.Run(config, database, table, output, folder.File($"db-{pushDown}.json"), pushDown);
            Assert.Equal(memory.Report.Transformation, report.Transformation);
            Assert.Equal(memory.Report.SuppressedRecords, report.SuppressedRecords);
            Assert.Equal(memory.Report.Records, report.Records);
            Assert.Equal(memory.Report.EquivalenceClasses, report.EquivalenceClasses);
            Assert.Equal(memory.Report.InformationLoss.Value, report.InformationLoss.Value, memory.Report.InformationLoss.Value * 1e-12);
            Assert.Equal(memory.Output, File.ReadAllBytes(output));
        }
    }

    [Fact]
    public async Task A_SQLite_table_anonymizes_as_its_CSV()
    {
        using var folder = new TempFolder();
        var (config, input) = StreamingAnonymizationTests.People(folder);
        var database = folder.File("people.sqlite");
        await SqliteTableWriter.WriteAsync(CsvReader.Read(input, new CsvOptions { Delimiter = ';' }), database, "people");
        AssertSameAsCsv(config, input, folder, database, "people");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Adult_in_SQLite_gives_ARXs_optimum()
    {
        using var folder = new TempFolder();
        var database = folder.File("adult.sqlite");
        await SqliteTableWriter.WriteAsync(CsvReader.Read(TestData.Adult("adult.csv")), database, "adult");
        AssertSameAsCsv(TestData.Adult("adult-k5.yaml"), TestData.Adult("adult.csv"), folder, database, "adult");
    }

    [PostgresFact]
    public async Task A_PostgreSQL_table_anonymizes_as_its_CSV()
    {
        using var folder = new TempFolder();
        var (config, input) = StreamingAnonymizationTests.People(folder);
        var connection = PostgresFactAttribute.RequireIsolated();
        await PostgresTableWriter.WriteAsync(CsvReader.Read(input, new CsvOptions { Delimiter = ';' }), connection, "people");
        AssertSameAsCsv(config, input, folder, connection, "people");
    }

    [Fact]
    public void A_missing_table_is_named_in_the_error()
    {
        using var folder = new TempFolder();
        var (config, _) = StreamingAnonymizationTests.People(folder);
        var database = folder.File("empty.sqlite");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
        {
            connection.Open();
        }
        var e = Assert.Throws<SanitasDataException>(() => DatabaseAnonymizer.Run(config, database, "nope", folder.File("out.csv")));
        Assert.Contains("table 'nope' of empty.sqlite", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.csv")));
    }
}
