using Sanitas.Data;

namespace Sanitas.Tests.Data.Sqlite;

public sealed class SqliteTableReaderTests
{
    [Fact]
    public async Task A_query_result_becomes_a_typed_table()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        await SqliteTableWriter.WriteAsync(SqliteTableWriterTests.Sample(), db, "Visits");

        var result = await SqliteTableReader.QueryAsync(db, "SELECT id % 2 AS parity, COUNT(*) AS n, AVG(temperature) AS mean, MAX(visit) AS last FROM Visits GROUP BY parity ORDER BY parity");

        Assert.Equal(["parity", "n", "mean", "last"], result.ColumnNames);
        Assert.Equal([ColumnType.Integer, ColumnType.Integer, ColumnType.Decimal, ColumnType.Date], result.Columns.Select(c => c.Type));
        Assert.Equal(new[] { "0", "1" }, new[] { result["parity"][0], result["parity"][1] });
        Assert.Equal(new[] { "2", "3" }, new[] { result["n"][0], result["n"][1] });
    }

    [Fact]
    public async Task An_empty_result_keeps_its_columns()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        await SqliteTableWriter.WriteAsync(SqliteTableWriterTests.Sample(), db, "Visits");
        var result = await SqliteTableReader.QueryAsync(db, "SELECT id, name FROM Visits WHERE id > 100");
        Assert.Equal(["id", "name"], result.ColumnNames);
        Assert.Equal(0, result.RowCount);
        Assert.Equal(ColumnType.Integer, result["id"].Type);
    }

    [Fact]
    public async Task Errors_name_the_database_and_keep_sqlites_reason()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        var missing = await Assert.ThrowsAsync<SanitasDataException>(() => SqliteTableReader.ReadTableAsync(db, "Visits"));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(db));

        await SqliteTableWriter.WriteAsync(SqliteTableWriterTests.Sample(), db, "Visits");
        var table = await Assert.ThrowsAsync<SanitasDataException>(() => SqliteTableReader.ReadTableAsync(db, "Nope"));
        Assert.Contains("no such table: Nope", table.Message, StringComparison.Ordinal);
        var syntax = await Assert.ThrowsAsync<SanitasDataException>(() => SqliteTableReader.QueryAsync(db, "SELEC 1"));
        Assert.Contains("syntax error", syntax.Message, StringComparison.Ordinal);
        var twice = await Assert.ThrowsAsync<SanitasDataException>(() => SqliteTableReader.QueryAsync(db, "SELECT id, id FROM Visits"));
        Assert.Contains("twice", twice.Message, StringComparison.Ordinal);
    }
}
