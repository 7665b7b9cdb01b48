using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Samples;
using Sanitas.Tests.Support;

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
        var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, _metadata, _tables, await Ledger(), "alice", "trial");
        var sqlite = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, _metadata, _files.Database, await Ledger(), "alice", "trial");
        Assert.NotEmpty(memory.Rows);
        AssertSame(memory, sqlite);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Sqlite_bounds_like_memory_when_persons_exceed_the_bounds(string sql)
    {
        Assert.Equal(7, DpQueryEngine.Plan(Sql[1], 1, _tight).MaxRowsPerUnit);
        var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, _tight, _tables, await Ledger(), "alice", "trial");
        var sqlite = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, _tight, _files.Database, await Ledger(), "alice", "trial");
        AssertSame(memory, sqlite);
    }

    [Fact]
    public async Task Persons_with_several_rows_in_a_one_row_table_are_bounded_alike()
    {
        // Data that contradict the metadata (Patients: one row per person): three patients also appear in the other arm.
        var database = Path.Combine(_folder, "duplicated.sqlite");
        File.Copy(_files.Database, database);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE P2 AS SELECT * FROM Patients; " +
                "UPDATE P2 SET Arm = CASE Arm WHEN 'control' THEN 'intervention' ELSE 'control' END WHERE PatientId IN (1, 2, 3); " +
                "INSERT INTO P2 SELECT * FROM Patients WHERE PatientId IN (1, 2, 3); DROP TABLE Patients; ALTER TABLE P2 RENAME TO Patients;";
            await command.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var tables = new Dictionary<string, Table>(_tables) { ["Patients"] = await SqliteTableReader.ReadTableAsync(database, "Patients") };
        Assert.Equal(33, tables["Patients"].RowCount);
        var roomy = MetadataLoader.Parse(new StringReader(File.ReadAllText(_files.Metadata).Replace("maxRowsPerUnit: 80", "maxRowsPerUnit: 1000", StringComparison.Ordinal)), "roomy.yaml");
        foreach (var metadata in new[] { roomy, _metadata, _tight })
        {
            // roomy: the duplicated persons stay within the bounds (two groups, at most 160 rows); _metadata and _tight: they exceed them.
            foreach (var sql in new[] { Sql[1], ClinicalTrial.StudyQuery })
            {
                var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, metadata, tables, await Ledger(), "alice", "trial");
                var sqlite = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, metadata, database, await Ledger(), "alice", "trial");
                AssertSame(memory, sqlite);
            }
        }
        var control = (await DpQueryEngine.ExecuteAsync(Sql[1], 1e12, roomy, tables, await Ledger(), "alice", "trial")).Rows[0];
        var original = (await DpQueryEngine.ExecuteAsync(Sql[1], 1e12, roomy, _tables, await Ledger(), "alice", "trial")).Rows[0];
        Assert.NotEqual(Convert.ToDouble(original[2], CultureInfo.InvariantCulture), Convert.ToDouble(control[2], CultureInfo.InvariantCulture), 0.5);
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
            var memory = await DpQueryEngine.ExecuteAsync(sql, 1e12, _metadata, _tables, await Ledger(), "alice", "trial");
            var postgres = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, _metadata, db, await Ledger(), "alice", "trial");
            AssertSame(memory, postgres);
            var tightMemory = await DpQueryEngine.ExecuteAsync(sql, 1e12, _tight, _tables, await Ledger(), "alice", "trial");
            var tightPostgres = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, 1e12, _tight, db, await Ledger(), "alice", "trial");
            AssertSame(tightMemory, tightPostgres);
        }
    }

    private const string LowerCase = "select p.arm, foot, count(*), avg(r.temperature) from readings r join patients P on R.patientid = p.PATIENTID where p.age > 40 group by p.arm, foot";

    [Fact]
    public void Names_are_sent_as_the_metadata_spells_them()
    {
        var sql = DpQueryEngine.NarrowSql(DpQueryEngine.Plan(LowerCase, 1, _metadata));
        Assert.Equal("SELECT \"r\".\"PatientId\" AS \"$u\", \"P\".\"Arm\" AS \"$k0\", \"Foot\" AS \"$k1\", \"r\".\"Temperature\" AS \"$a0\" " +
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
        var memory = await DpQueryEngine.ExecuteAsync(LowerCase, 1e12, _metadata, _tables, await Ledger(), "alice", "trial");
        var postgres = await DpQueryEngine.ExecuteOnDatabaseAsync(LowerCase, 1e12, _metadata, db, await Ledger(), "alice", "trial");
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
