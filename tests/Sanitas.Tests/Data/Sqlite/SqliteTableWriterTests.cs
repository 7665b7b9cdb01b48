using System.Globalization;
using Microsoft.Data.Sqlite;
using Sanitas.Data;

namespace Sanitas.Tests.Data.Sqlite;

public sealed class SqliteTableWriterTests
{
    internal static Table Sample() => new(
    [
        Column.FromValues("id", ["1", "2", "3", "-4", "5"], ColumnType.Integer),
        Column.FromValues("name", ["Anna", "O'Brien \"Ben\"", null, "Zoë", ""], ColumnType.Text),
        Column.FromValues("temperature", ["36.4", "-0.5", null, "1E-05", "30"], ColumnType.Decimal),
        Column.FromValues("visit", ["2024-01-31", null, "2023-12-01", "2020-02-29", "2021-06-15"], ColumnType.Date),
        Column.FromValues("score", [null, "7", "0", "9223372036854775807", "12"], ColumnType.Integer),
    ]);

    internal static long Count(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Round_trip_keeps_values_and_types()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        var table = Sample();
        await SqliteTableWriter.WriteAsync(table, db, "Visits");
        var read = await SqliteTableReader.ReadTableAsync(db, "Visits");

        Assert.Equal(table.ColumnNames, read.ColumnNames);
        Assert.Equal(table.Columns.Select(c => c.Type), read.Columns.Select(c => c.Type));
        Assert.Equal(5, read.RowCount);
        Assert.Equal(["Anna", "O'Brien \"Ben\"", null, "Zoë", ""], Enumerable.Range(0, 5).Select(r => read["name"][r]));
        Assert.Equal(["36.4", "-0.5", null, "1E-05", "30"], Enumerable.Range(0, 5).Select(r => read["temperature"][r]));
        Assert.Equal(ColumnValues.ToDoubles(table["temperature"]), ColumnValues.ToDoubles(read["temperature"]));
        foreach (var name in new[] { "id", "visit", "score" })
        {
            Assert.Equal(Enumerable.Range(0, 5).Select(r => table[name][r]), Enumerable.Range(0, 5).Select(r => read[name][r]));
        }
    }

    [Fact]
    public async Task Columns_get_sqlite_types_nulls_and_numbers_are_stored_as_numbers()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        await SqliteTableWriter.WriteAsync(Sample(), db, "Visits", new SqliteWriteOptions { PrimaryKey = "id", IndexedColumns = ["visit"] });

        Assert.Equal(1, Count(db, "SELECT COUNT(*) FROM pragma_table_info('Visits') WHERE name = 'id' AND type = 'INTEGER' AND pk = 1"));
        Assert.Equal(1, Count(db, "SELECT COUNT(*) FROM pragma_table_info('Visits') WHERE name = 'temperature' AND type = 'REAL'"));
        Assert.Equal(2, Count(db, "SELECT COUNT(*) FROM pragma_table_info('Visits') WHERE type = 'TEXT'"));
        Assert.Equal(5, Count(db, "SELECT COUNT(*) FROM Visits WHERE typeof(temperature) IN ('real', 'null') AND typeof(score) IN ('integer', 'null')"));
        Assert.Equal(1, Count(db, "SELECT COUNT(*) FROM Visits WHERE temperature IS NULL"));
        Assert.Equal(1, Count(db, "SELECT COUNT(*) FROM pragma_index_list('Visits') l JOIN pragma_index_info(l.name) i WHERE i.name = 'visit'"));
        Assert.Equal(-4, Count(db, "SELECT MIN(id) FROM Visits"));
    }

    [Fact]
    public async Task An_existing_table_is_refused_and_left_untouched_unless_replace()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        await SqliteTableWriter.WriteAsync(Sample(), db, "Visits");
        var other = new Table([Column.FromValues("x", ["1"], ColumnType.Integer)]);

        var e = await Assert.ThrowsAsync<SqliteTableExistsException>(() => SqliteTableWriter.WriteAsync(other, db, "visits"));
        Assert.Equal("visits", e.TableName);
        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, Count(db, "SELECT COUNT(*) FROM Visits"));

        await SqliteTableWriter.WriteAsync(other, db, "Visits", new SqliteWriteOptions { Replace = true });
        var read = await SqliteTableReader.ReadTableAsync(db, "Visits");
        Assert.Equal(["x"], read.ColumnNames);
        Assert.Equal(1, read.RowCount);
    }

    [Fact]
    public async Task A_failed_replace_rolls_back_and_keeps_the_old_table()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        await SqliteTableWriter.WriteAsync(Sample(), db, "Visits");
        var duplicates = new Table([Column.FromValues("id", ["1", "2", "1"], ColumnType.Integer)]);

        var e = await Assert.ThrowsAsync<SanitasDataException>(() =>
            SqliteTableWriter.WriteAsync(duplicates, db, "Visits", new SqliteWriteOptions { Replace = true, PrimaryKey = "id" }));
        Assert.Contains("Visits", e.Message, StringComparison.Ordinal);
        Assert.Contains("UNIQUE", e.Message, StringComparison.Ordinal);
        var kept = await SqliteTableReader.ReadTableAsync(db, "Visits");
        Assert.Equal(Sample().ColumnNames, kept.ColumnNames);
        Assert.Equal(5, kept.RowCount);
    }

    [Fact]
    public async Task Cancellation_midway_rolls_back_and_progress_is_reported()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        var big = new Table([Column.FromValues("n", Enumerable.Range(0, 50_000).Select(i => i.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer)]);
        using var cancel = new CancellationTokenSource();
        var reports = new List<double>();
        var progress = new Reports(f =>
        {
            reports.Add(f);
            if (f > 0.3)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqliteTableWriter.WriteAsync(big, db, "Numbers", new SqliteWriteOptions { Progress = progress }, cancel.Token));
        Assert.Equal(0, Count(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'Numbers'"));
        Assert.Contains(reports, f => f is > 0 and < 1);

        reports.Clear();
        await SqliteTableWriter.WriteAsync(big, db, "Numbers", new SqliteWriteOptions { Progress = new Reports(reports.Add) });
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(50_000, Count(db, "SELECT COUNT(*) FROM Numbers"));
    }

    [Fact]
    public async Task Unknown_key_columns_and_empty_tables_are_refused()
    {
        using var folder = new TempFolder();
        var db = folder.File("t.sqlite");
        await Assert.ThrowsAsync<InvalidOptionException>(() => SqliteTableWriter.WriteAsync(Sample(), db, "V", new SqliteWriteOptions { PrimaryKey = "nope" }));
        await Assert.ThrowsAsync<ArgumentException>(() => SqliteTableWriter.WriteAsync(new Table([]), db, "V"));
    }

    [Fact]
    public async Task An_unopenable_database_names_the_file()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "missing-folder", "t.sqlite");
        var e = await Assert.ThrowsAsync<SanitasDataException>(() => SqliteTableWriter.WriteAsync(Sample(), db, "V"));
        Assert.Contains(db, e.Message, StringComparison.Ordinal);

        var text = folder.File("notes.txt");
        File.WriteAllText(text, "this is not a database, just some text that is long enough to have a header");
        var notDb = await Assert.ThrowsAsync<SanitasDataException>(() => SqliteTableWriter.WriteAsync(Sample(), text, "V"));
        Assert.Contains("notes.txt", notDb.Message, StringComparison.Ordinal);
        Assert.Equal("this is not a database, just some text that is long enough to have a header", File.ReadAllText(text));
    }

    private sealed class Reports(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
