using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Samples;

namespace Sanitas.Tests.Query.Dp;

/// <summary>
/// "Same answer, any engine": the same DP query on in-memory tables, on SQLite and on PostgreSQL
/// (the row-level part pushed down as SQL) bounds the same rows and aggregates to the same values.
/// With ε = 1e12 the noise is far below the tolerance, so what is compared is the exact stage.
/// </summary>
public sealed class EnginesAgreeTests : IDisposable
{
    private static readonly string[] Sql =
    [
        ClinicalTrial.StudyQuery,
        "SELECT p.Arm, AVG(r.Temperature), COUNT(*), SUM(r.Temperature) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm",
        "SELECT Comorbidity, COUNT(DISTINCT PatientId) FROM Comorbidities GROUP BY Comorbidity",
        "SELECT Foot, Sensor, COUNT(*), VARIANCE(Temperature) FROM Readings WHERE Sensor LIKE 'meta%' AND Temperature BETWEEN 25 AND 35 GROUP BY Foot, Sensor",
        "SELECT CASE WHEN Age >= 65 THEN 1 ELSE 0 END AS Older, DiabetesType, COUNT(*) FROM Patients WHERE Arm IN ('control') GROUP BY CASE WHEN Age >= 65 THEN 1 ELSE 0 END, DiabetesType",
    ];

    public static TheoryData<string> Queries => new(Sql);

    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-engines-").FullName;
    private readonly ClinicalTrialFiles _files;
    private readonly DatabaseMetadata _metadata;

    // Tight bounds that most patients exceed, so that the engines must rank and drop rows alike.
    private readonly DatabaseMetadata _tight;
    private readonly Dictionary<string, Table> _tables;

    public EnginesAgreeTests()
    {
        _files = ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 30, ReadingsPerPatientMin = 40, ReadingsPerPatientMax = 80 }, _folder).GetAwaiter().GetResult();
        _metadata = MetadataLoader.Load(_files.Metadata);
        var yaml = File.ReadAllText(_files.Metadata).Replace("maxRowsPerUnit: 80", "maxRowsPerUnit: 7\n    maxGroupsPerUnit: 3", StringComparison.Ordinal)
            .Replace("maxRowsPerUnit: 6", "maxRowsPerUnit: 2", StringComparison.Ordinal);
        _tight = MetadataLoader.Parse(new StringReader(yaml), "tight.yaml");
        _tables = new Dictionary<string, Table>
        {
            ["Patients"] = CsvReader.Read(_files.PatientsCsv),
            ["Comorbidities"] = CsvReader.Read(_files.ComorbiditiesCsv),
            ["Readings"] = CsvReader.Read(_files.ReadingsCsv),
        };
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<BudgetLedger> Ledger()
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite"));
        await ledger.SetBudgetAsync("alice", "trial", 1e13);
        return ledger;
    }

    private static void AssertSame(DpQueryResult expected, DpQueryResult actual)
    {
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (var r = 0; r < expected.Rows.Count; r++)
        {
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                var x = expected.Rows[r][c];
                var y = actual.Rows[r][c];
                if (x is double dx && y is double dy)
                {
                    Assert.True(Math.Abs(dx - dy) <= 1e-6 * Math.Max(1, Math.Abs(dx)), $"row {r}, column {expected.Columns[c]}: {dx} vs {dy}");
                }
                else
                {
                    Assert.Equal(Convert.ToString(x, CultureInfo.InvariantCulture), Convert.ToString(y, CultureInfo.InvariantCulture));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Sqlite_agrees_with_memory(string sql)
    {
        var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, _metadata, _tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
        var sqlite = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, _metadata, _files.Database, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
        Assert.NotEmpty(memory.Rows);
        AssertSame(memory, sqlite);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Sqlite_bounds_like_memory_when_persons_exceed_the_bounds(string sql)
    {
        Assert.Equal(7, DpQueryEngine.Plan(Sql[1], 1, _tight).MaxRowsPerUnit);
        var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, _tight, _tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
        var sqlite = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, _tight, _files.Database, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
        AssertSame(memory, sqlite);
    }

    public static TheoryData<string, string, bool> Contradictions => new()
    {
        { "three patients also in the other arm", "UPDATE P2 SET Arm = CASE Arm WHEN 'control' THEN 'intervention' ELSE 'control' END WHERE PatientId IN (1, 2, 3); INSERT INTO P2 SELECT * FROM Patients WHERE PatientId IN (1, 2, 3);", true },
        { "an arm outside the public domain, one missing", "UPDATE P2 SET Arm = 'placebo' WHERE PatientId = 4; UPDATE P2 SET Arm = NULL WHERE PatientId = 5;", true },
        { "a patient twice, once without an arm", "INSERT INTO P2 SELECT * FROM Patients WHERE PatientId = 6; UPDATE P2 SET Arm = NULL WHERE rowid = (SELECT MAX(rowid) FROM P2);", false },
        { "feet outside the domain or missing", "UPDATE Readings SET Foot = 'both' WHERE rowid % 97 = 0; UPDATE Readings SET Foot = NULL WHERE rowid % 89 = 0;", true },
        { "readings without a patient", "UPDATE Readings SET PatientId = NULL WHERE rowid % 50 = 0;", true },
        { "three patients without readings", "DELETE FROM Readings WHERE PatientId IN (7, 8, 9);", true },
        // Extreme values must count as the bounds (no cancellation, no overflow, no NaN from ∞ − ∞).
        { "extreme and infinite temperatures", "UPDATE Readings SET Temperature = 2.2e90 WHERE rowid = 5; UPDATE Readings SET Temperature = -2.2e90 WHERE rowid = 6; UPDATE Readings SET Temperature = 4.0e90 WHERE rowid = 7; UPDATE Readings SET Temperature = 9e999 WHERE rowid = 8; UPDATE Readings SET Temperature = 1.7e308 WHERE rowid IN (9, 10); UPDATE Readings SET Temperature = -9e999 WHERE rowid = 11;", false },
        // A key column whose collation merges spellings: the engines must still compare bytes.
        { "an arm in capitals in a NOCASE column", "CREATE TABLE P3 (PatientId INTEGER, BirthDate TEXT, Age INTEGER, Sex TEXT, DiabetesType INTEGER, Arm TEXT COLLATE NOCASE, Disease TEXT, UlcerHistory INTEGER, NeuropathyScore INTEGER, UlcerOnset TEXT); INSERT INTO P3 SELECT * FROM P2; DROP TABLE P2; ALTER TABLE P3 RENAME TO P2; UPDATE P2 SET Arm = 'CONTROL' WHERE PatientId = (SELECT MIN(PatientId) FROM P2 WHERE Arm = 'control');", true },
    };

    private static readonly string[] ContradictionQueries =
    [
        Sql[1],
        ClinicalTrial.StudyQuery,
        "SELECT Arm, COUNT(DISTINCT PatientId), COUNT(*) FROM Patients GROUP BY Arm",
        "SELECT Foot, Sensor, COUNT(*), AVG(Temperature) FROM Readings GROUP BY Foot, Sensor",
        "SELECT p.Arm, COUNT(DISTINCT r.PatientId) FROM Patients p LEFT JOIN Readings r ON p.PatientId = r.PatientId GROUP BY p.Arm",
        "SELECT COUNT(*), SUM(Temperature), AVG(Temperature), STDDEV(Temperature) FROM Readings",
    ];

    /// <summary>The trial database with one contradiction of the metadata, and its tables in memory.</summary>
    private async Task<(string Database, Dictionary<string, Table> Tables)> Contradicting(string change)
    {
        var database = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite");
        File.Copy(_files.Database, database);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TABLE P2 AS SELECT * FROM Patients; {change} DROP TABLE Patients; ALTER TABLE P2 RENAME TO Patients;";
            await command.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var tables = new Dictionary<string, Table>(_tables)
        {
            ["Patients"] = await SqliteTableReader.ReadTableAsync(database, "Patients"),
            ["Readings"] = await SqliteTableReader.ReadTableAsync(database, "Readings"),
        };
        return (database, tables);
    }

    // Roomy: the duplicated persons stay within the bounds (two groups, at most 160 rows); _metadata and _tight: they exceed them.
    private DatabaseMetadata Roomy => MetadataLoader.Parse(new StringReader(File.ReadAllText(_files.Metadata).Replace("maxRowsPerUnit: 80", "maxRowsPerUnit: 1000", StringComparison.Ordinal)), "roomy.yaml");

    private async Task AssertEnginesAgree(string database, Dictionary<string, Table> tables)
    {
        foreach (var metadata in new[] { Roomy, _metadata, _tight })
        {
            foreach (var sql in ContradictionQueries)
            {
                var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, metadata, tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
                var onDatabase = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, metadata, database, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
                AssertSame(memory, onDatabase);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Contradictions))]
    public async Task Data_that_contradict_the_metadata_are_bounded_alike(string what, string change, bool changesAnswers)
    {
        var (database, tables) = await Contradicting(change);
        await AssertEnginesAgree(database, tables);
        // The change shows in the released values, except the row without an arm, which bounding drops.
        var sqlCheck = what.StartsWith("feet", StringComparison.Ordinal) ? ContradictionQueries[3] : ContradictionQueries[0];
        // The counts (third column of both queries): rounded, so exact at ε = 1e12.
        string Answer(IReadOnlyList<IReadOnlyList<object?>> rows) => string.Join(";", rows.Select(r => Convert.ToString(r[2], CultureInfo.InvariantCulture)));
        var changed = Answer((await DpQueryEngine.ExecuteAsync(sqlCheck, 1e12, Roomy, tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17))).Rows);
        var original = Answer((await DpQueryEngine.ExecuteAsync(sqlCheck, 1e12, Roomy, _tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17))).Rows);
        Assert.Equal(changesAnswers, changed != original);
    }

    [PostgresFact]
    [Trait("Category", "Slow")]
    public async Task Postgres_bounds_data_that_contradict_the_metadata_like_memory()
    {
        foreach (var change in Contradictions.Select(row => (string)row[1]))
        {
            var db = PostgresFactAttribute.RequireIsolated();
            var (_, tables) = await Contradicting(change);
            foreach (var (name, table) in tables)
            {
                await PostgresTableWriter.WriteAsync(table, db, name, replace: true);
            }
            await AssertEnginesAgree(db, tables);
        }
    }

    // Bounds that most values lie outside of, so that clamping decides the sums.
    private DatabaseMetadata Narrow => MetadataLoader.Parse(new StringReader(File.ReadAllText(_files.Metadata)
        .Replace("Temperature: { type: real, lower: 20.0, upper: 40.0 }", "Temperature: { type: real, lower: 29.5, upper: 30.5 }", StringComparison.Ordinal)
        .Replace("Age:            { type: integer, lower: 18, upper: 100 }", "Age:            { type: integer, lower: 50, upper: 70 }", StringComparison.Ordinal)), "narrow.yaml");

    private static readonly string[] ClampingQueries =
    [
        "SELECT Foot, SUM(Temperature), AVG(Temperature), VARIANCE(Temperature) FROM Readings GROUP BY Foot",
        "SELECT p.Arm, SUM(r.Temperature), AVG(r.Temperature) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm",
        "SELECT Sex, SUM(Age), AVG(Age) FROM Patients GROUP BY Sex",
        "SELECT COUNT(*), SUM(Temperature), AVG(Temperature), STDDEV(Temperature) FROM Readings",
    ];

    [Fact]
    public async Task Sqlite_clamps_like_memory()
    {
        var narrow = Narrow;
        Assert.Equal(29.5, narrow.Table("Readings")!.Columns["Temperature"].Lower);
        foreach (var sql in ClampingQueries)
        {
            var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, narrow, _tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
            var sqlite = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, narrow, _files.Database, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
            AssertSame(memory, sqlite);
            // Clamped: no average outside the declared range.
            Assert.All(memory.Rows, row => Assert.InRange(Convert.ToDouble(row[2], CultureInfo.InvariantCulture), sql.Contains("Age", StringComparison.Ordinal) ? 50 : 29.5, sql.Contains("Age", StringComparison.Ordinal) ? 70 : 30.5));
        }
    }

    [PostgresFact]
    public async Task Postgres_clamps_like_memory()
    {
        var db = PostgresFactAttribute.RequireIsolated();
        foreach (var (name, table) in _tables)
        {
            await PostgresTableWriter.WriteAsync(table, db, name, replace: true);
        }
        foreach (var sql in ClampingQueries)
        {
            var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, Narrow, _tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
            var postgres = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, Narrow, db, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
            AssertSame(memory, postgres);
        }
    }

    [PostgresFact]
    public async Task Postgres_agrees_with_memory()
    {
        var db = PostgresFactAttribute.RequireIsolated();
        foreach (var (name, table) in _tables)
        {
            await PostgresTableWriter.WriteAsync(table, db, name, replace: true);
        }
        foreach (var sql in Sql)
        {
            var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, _metadata, _tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
            var postgres = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, _metadata, db, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
            AssertSame(memory, postgres);
            var tightMemory = await DpQueryEngine.ExecuteAsync(sql, 1e12, _tight, _tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
            var tightPostgres = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, _tight, db, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
            AssertSame(tightMemory, tightPostgres);
        }
    }

    private const string LowerCase = "select p.arm, foot, count(*), avg(r.temperature) from readings r join patients P on R.patientid = p.PATIENTID where p.age > 40 group by p.arm, foot";

    [Fact]
    public void Names_are_sent_as_the_metadata_spells_them()
    {
        var sql = DpPushdownSql.Narrow(DpQueryEngine.Plan(LowerCase, 1, _metadata), SqlDialect.PostgreSql);
        Assert.Equal("SELECT \"r\".\"PatientId\" AS \"$u\", \"P\".\"Arm\" COLLATE \"C\" AS \"$k0\", \"Foot\" COLLATE \"C\" AS \"$k1\", \"r\".\"Temperature\" AS \"$a0\" " +
            "FROM \"Readings\" AS \"r\" INNER JOIN \"Patients\" AS \"P\" ON \"r\".\"PatientId\" = \"P\".\"PatientId\" WHERE \"P\".\"Age\" > 40", sql);
    }

    [PostgresFact]
    public async Task Postgres_answers_names_in_any_case()
    {
        var db = PostgresFactAttribute.RequireIsolated();
        foreach (var (name, table) in _tables)
        {
            await PostgresTableWriter.WriteAsync(table, db, name, replace: true);
        }
        var memory = await DpQueryEngine.ExecuteAsync(LowerCase, 1e12, _metadata, _tables, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
        var postgres = await DpQueryEngine.ExecuteOnDatabaseAsync(LowerCase, 1e12, _metadata, db, await Ledger(), "alice", "trial", new SeededRandomForTests(17));
        Assert.NotEmpty(memory.Rows);
        AssertSame(memory, postgres);
    }

    [Fact]
    public async Task A_query_the_database_rejects_charges_nothing()
    {
        var ledger = await Ledger();
        var error = await Assert.ThrowsAsync<QueryException>(() => DpQueryEngine.ExecuteOnDatabaseAsync(
            "SELECT Sex, COUNT(*) FROM Patients WHERE Nonexistent = 1 GROUP BY Sex", 1, _metadata, _files.Database, ledger, "alice", "trial"));
        Assert.Contains("nothing was charged", error.Message);
        Assert.Equal(0, (await ledger.GetAsync("alice", "trial"))!.EpsilonSpent);
    }
}
