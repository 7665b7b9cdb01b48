using Microsoft.Data.Sqlite;
using Sanitas.Data;
using Sanitas.Workflows;

namespace Sanitas.Tests.Anonymization.BigTables;

/// <summary>
/// The raw SQLite row reader must give every value the text ADO.NET and <see cref="DatabaseAnonymizer.Format"/> give it
/// (the anonymized output is compared byte for byte with the CSV path's), for every storage class.
/// </summary>
public sealed class SqliteRawRowsTests
{
    [Fact]
    public void Every_storage_class_reads_as_the_ADO_path_formats_it()
    {
        using var folder = new TempFolder();
        var database = folder.File("types.sqlite");
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE t (a INTEGER, b REAL, c TEXT, d BLOB, e);
                INSERT INTO t VALUES (0, 0.1, 'plain', x'00ff10', NULL);
                INSERT INTO t VALUES (-9223372036854775808, 1e300, 'Zürich – 東京 🦶', x'', 'mixed');
                INSERT INTO t VALUES (9223372036854775807, -2.5e-310, '', NULL, 42);
                INSERT INTO t VALUES (NULL, NULL, NULL, NULL, 3.75);
                INSERT INTO t VALUES (17, 123456789.123456789, printf('%.3000c', 'x'), randomblob(2000), x'41');
                """;
            create.ExecuteNonQuery();
        }
        var expected = new List<string?[]>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT * FROM t";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                expected.Add([.. Enumerable.Range(0, 5).Select(k => DatabaseAnonymizer.Format(reader.GetValue(k)))]);
            }
        }
        var rows = new SqliteRawRows(6);
        var actual = new List<string[]>();
        // Columns land in the fields the targets name (here shifted by one; field 0 stays empty).
        var count = rows.Read(connection, "SELECT * FROM t", "table 't'", [1, 2, 3, 4, 5], CancellationToken.None, null,
            fields => actual.Add([.. Enumerable.Range(0, 6).Select(i => fields.FieldText(i).ToString())]));
        Assert.Equal(5, count);
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.Equal("", actual[r][0]);
            Assert.Equal(expected[r].Select(v => v ?? ""), actual[r].Skip(1));
        }
        Assert.Equal(3000, actual[4][3].Length);
    }

    [Fact]
    public void A_bad_query_names_the_source_and_a_cancelled_read_stops()
    {
        using var folder = new TempFolder();
        var database = folder.File("rows.sqlite");
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (a INTEGER); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) INSERT INTO t SELECT i FROM n;";
            create.ExecuteNonQuery();
        }
        var rows = new SqliteRawRows(1);
        var e = Assert.Throws<SanitasDataException>(() => rows.Read(connection, "SELECT * FROM nope", "table 'nope' of rows.sqlite", [0], CancellationToken.None, null, _ => { }));
        Assert.Contains("table 'nope' of rows.sqlite", e.Message, StringComparison.Ordinal);
        Assert.Contains("no such table", e.Message, StringComparison.Ordinal);
        using var cancel = new CancellationTokenSource();
        long seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => rows.Read(connection, "SELECT * FROM t", "t", [0], cancel.Token, null, _ =>
        {
            if (++seen == 1000)
            {
                cancel.Cancel();
            }
        }));
        Assert.InRange(seen, 1000, 1000 + 65_536);
        // The connection stays usable after the interrupt.
        Assert.Equal(200000, rows.Read(connection, "SELECT * FROM t", "t", [0], CancellationToken.None, null, _ => { }));
    }
}
