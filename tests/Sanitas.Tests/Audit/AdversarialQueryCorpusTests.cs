using System.Globalization;
using Microsoft.Data.Sqlite;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Samples;

namespace Sanitas.Tests.Audit;

/// <summary>
/// The adversarial query corpus: queries a hostile analyst writes to learn one person's data for
/// almost no ε (errors as a channel, unchecked subqueries, pass-through functions). Each is either
/// refused before any charge, with the same decision on every engine, or answered with the same
/// behaviour on neighbouring databases (with and without patient 17) on every engine.
/// </summary>
public sealed class AdversarialQueryCorpusTests : IDisposable
{
    private const int Target = 17;

    /// <summary>Queries that must be refused before the charge, on every engine (finding, then the query).</summary>
    public static TheoryData<string> Refused => new(
    [
        // Finding 1: an integer overflow that only patient 17's disease triggers (SQLite).
        "SELECT COUNT(*) FROM Patients WHERE CASE WHEN PatientId = 17 AND Disease = 'Ulcer' THEN ABS(Age - Age - 9223372036854775807 - 1) ELSE 0 END = 0",
        "SELECT COUNT(*) FROM Patients WHERE CASE WHEN PatientId = 17 THEN -(-9223372036854775807 - 1) ELSE 0 END = 0",
        "SELECT COUNT(*) FROM Patients WHERE CASE WHEN PatientId = 17 THEN Age * 4611686018427387904 ELSE 0 END = 0",
        "SELECT COUNT(*) FROM Patients WHERE PatientId * PatientId > 0",
        "SELECT COUNT(*) FROM Patients WHERE CASE WHEN PatientId = 17 THEN CAST(Disease AS INTEGER) ELSE 0 END = 0",
        "SELECT COUNT(*) FROM Patients WHERE CAST(BirthDate AS INTEGER) > 0",
        "SELECT COUNT(*) FROM Patients WHERE CAST(Age + 0.5 AS INTEGER) > 0",
        "SELECT COUNT(*) FROM Patients WHERE CAST(Sex AS DATE) IS NULL",
        "SELECT COUNT(*) FROM Readings WHERE Temperature / (Temperature - 30.0) > 1",
        "SELECT COUNT(*) FROM Readings WHERE Temperature % 2 = 0",
        "SELECT COUNT(*) FROM Patients WHERE BirthDate + 1 > 0",
        "SELECT COUNT(*) FROM Patients WHERE Sex LIKE 'ma\\'",
        "SELECT COUNT(*) FROM Patients WHERE Sex LIKE 'ma!' ESCAPE '!'",
        "SELECT COUNT(*) FROM Patients WHERE Sex LIKE 'ma' ESCAPE '!!'",
        "SELECT COUNT(*) FROM Patients WHERE Sex LIKE Disease",
        "SELECT COUNT(*) FROM Patients WHERE ROUND(Age, Age) > 0",
        "SELECT COUNT(*) FROM Patients WHERE LENGTH(Age) > 0",
        // Finding 3: functions that are not in the language (PostgreSQL would run them).
        "SELECT COUNT(*) FROM Patients WHERE QUERY_TO_XML('SELECT 1 FROM \"Patients\" WHERE \"PatientId\" = 17', TRUE, TRUE, '') IS NOT NULL",
        "SELECT COUNT(*) FROM Patients WHERE SQRT(Age - 50) > 1",
        "SELECT COUNT(*) FROM Patients WHERE LN(Age - 18) > 1",
        "SELECT COUNT(*) FROM Patients WHERE EXP(Age) > 1",
        "SELECT COUNT(*) FROM Patients WHERE POWER(Age, 100) > 1",
        "SELECT COUNT(*) FROM Patients WHERE PG_SLEEP(1) IS NULL",
        "SELECT COUNT(*) FROM Patients WHERE RANDOM() > 0",
        "SELECT COUNT(*) FROM Patients WHERE SUBSTR(Disease, 0, -1) = ''",
        "SELECT COUNT(*) FROM Patients WHERE CURRENT_USER = 'x'",
        "SELECT COUNT(*) FROM Patients WHERE Secret = 1",
        // Finding 2: subqueries that choose, merge or reorder rows before contribution bounding.
        "SELECT Comorbidity, COUNT(*) FROM (SELECT * FROM Comorbidities ORDER BY PatientId DESC LIMIT 422) t GROUP BY Comorbidity",
        "SELECT COUNT(*) FROM (SELECT * FROM Comorbidities LIMIT 10) t",
        "SELECT COUNT(*) FROM (SELECT PatientId, Sex, MAX(Age) FROM Patients) t",
        "SELECT COUNT(*) FROM (SELECT Sex, COUNT(*) AS n FROM Patients GROUP BY Sex) t",
        "SELECT AVG(t) FROM (SELECT PatientId, AVG(Temperature) AS t FROM Readings GROUP BY PatientId, Time) s",
        "SELECT AVG(t) FROM (SELECT PatientId, SUM(Temperature) AS t FROM Readings GROUP BY PatientId) s",
        "SELECT AVG(t) FROM (SELECT PatientId, AVG(Temperature) FROM Readings GROUP BY PatientId) s",
        "SELECT AVG(t) FROM (SELECT PatientId AS p, AVG(Temperature) AS t FROM Readings GROUP BY PatientId) s",
        "SELECT AVG(t) FROM (SELECT PatientId, AVG(Temperature * 2) AS t FROM Readings GROUP BY PatientId) s",
        "SELECT AVG(t) FROM (SELECT PatientId, Foot, AVG(Temperature) AS t FROM Readings GROUP BY PatientId) s",
        "SELECT COUNT(*) FROM (SELECT PatientId, COUNT(*) AS n FROM Readings GROUP BY PatientId) s WHERE n * 2 > 10",
        "SELECT COUNT(*) FROM (SELECT PatientId, COUNT(*) AS n FROM Readings GROUP BY PatientId HAVING COUNT(*) > 5) t",
        "SELECT COUNT(*) FROM (SELECT DISTINCT PatientId, Sex FROM Patients) t",
        "SELECT COUNT(*) FROM (SELECT * FROM (SELECT * FROM Patients ORDER BY Age LIMIT 1) a) b",
        "SELECT COUNT(*) FROM Patients WHERE COUNT(*) > 1",
        "SELECT Sex, COUNT(*) FROM Patients GROUP BY Sex, COUNT(*)",
        "SELECT COUNT(*) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId AND SQRT(p.Age) > 1",
        // CLAMP's bounds are public constants, lower ≤ upper, and it clamps numbers only.
        "SELECT AVG(CLAMP(Temperature, Temperature, 40)) FROM Readings",
        "SELECT AVG(CLAMP(Temperature, 40, 20)) FROM Readings",
        "SELECT AVG(CLAMP(Sex, 0, 1)) FROM Patients",
        "SELECT SUM(CLAMP(Temperature, 0, 10000000000000000)) FROM Readings",
    ]);

    /// <summary>Queries in the language that once could fail on some rows: now total, the same on neighbours and on every engine.</summary>
    public static TheoryData<string> Total => new(
    [
        "SELECT COUNT(*) FROM Patients WHERE CASE WHEN PatientId = 17 AND Disease = 'Ulcer' THEN 1 / 0 ELSE 0 END = 0",
        "SELECT COUNT(*) FROM Patients WHERE CASE WHEN PatientId = 17 THEN Age % 0 ELSE 1 END = 1",
        "SELECT COUNT(*) FROM Patients WHERE Age / (Age - Age) IS NULL",
        "SELECT COUNT(*) FROM Patients WHERE ABS(Age - 100) < 30 AND COALESCE(NULLIF(Age, 17), 0) > 20",
        "SELECT COUNT(*) FROM Patients WHERE LOWER(Disease) LIKE 'neuro%' OR CAST(Age AS TEXT) LIKE '6%'",
        "SELECT COUNT(*) FROM Readings WHERE Temperature / 2.5 > 12 AND ROUND(Temperature, 1) < 35",
        "SELECT FLOOR(Age / 5) * 5 AS AgeGroup, COUNT(*) FROM Patients GROUP BY FLOOR(Age / 5) * 5",
        "SELECT COUNT(*) FROM (SELECT PatientId, Age * 2 AS a2 FROM Patients WHERE Age > 40) t WHERE a2 / 3 > 30",
        // Per-aggregate bounds: CLAMP is total on every engine (NULL stays NULL, extremes become the bounds).
        "SELECT AVG(CLAMP(Temperature, 30, 35)), SUM(CLAMP(Temperature - 30, -1, 1)) FROM Readings",
        "SELECT Sex, MEDIAN(CLAMP(Age, 40, 60)), AVG(CLAMP(Age / 0, 0, 1)) FROM Patients GROUP BY Sex",
        // Per-person aggregations: one bounded value per person (and public key) reaches the outer query.
        "SELECT COUNT(*) FROM (SELECT PatientId FROM Readings GROUP BY PatientId) t",
        "SELECT AVG(t) FROM (SELECT PatientId, AVG(Temperature) AS t FROM Readings GROUP BY PatientId) s",
        "SELECT Foot, AVG(t), COUNT(*) FROM (SELECT PatientId, Foot, AVG(Temperature) AS t FROM Readings WHERE Temperature > 25 GROUP BY PatientId, Foot) s GROUP BY Foot",
        "SELECT p.Arm, AVG(s.n) FROM (SELECT PatientId, COUNT(*) AS n FROM Readings GROUP BY PatientId) s JOIN Patients p ON s.PatientId = p.PatientId GROUP BY p.Arm",
        "SELECT AVG(hi), AVG(lo) FROM (SELECT PatientId, MAX(Temperature) AS hi, MIN(Temperature) AS lo FROM Readings GROUP BY PatientId) s WHERE hi > 20",
    ]);

    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-corpus-").FullName;
    private readonly ClinicalTrialFiles _files;
    private readonly string _neighbour;
    private readonly DatabaseMetadata _metadata;

    public AdversarialQueryCorpusTests()
    {
        _files = ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 30, ReadingsPerPatientMin = 5, ReadingsPerPatientMax = 20 }, _folder).GetAwaiter().GetResult();
        _metadata = MetadataLoader.Load(_files.Metadata);
        _neighbour = Path.Combine(_folder, "neighbour.sqlite");
        File.Copy(_files.Database, _neighbour);
        using var connection = new SqliteConnection($"Data Source={_neighbour};Pooling=False");
        connection.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = string.Create(CultureInfo.InvariantCulture, $"DELETE FROM Patients WHERE PatientId = {Target}; DELETE FROM Comorbidities WHERE PatientId = {Target}; DELETE FROM Readings WHERE PatientId = {Target};");
        delete.ExecuteNonQuery();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<BudgetLedger> LedgerAsync()
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite"));
        await ledger.SetBudgetAsync("mallory", "trial", 1e13, 0.5);
        return ledger;
    }

    private static readonly string[] TableNames = ["Patients", "Comorbidities", "Readings"];

    /// <summary>The engines a query runs on: in memory (tables loaded from the database), the SQLite file itself, and PostgreSQL when the test run has one.</summary>
    private async Task<List<(string Engine, Func<string, double, BudgetLedger, Task<DpQueryResult>> Run)>> EnginesAsync(string database)
    {
        var tables = await DatabaseTables.LoadAsync(database, TableNames);
        var engines = new List<(string, Func<string, double, BudgetLedger, Task<DpQueryResult>>)>
        {
            ("memory", (sql, epsilon, ledger) => DpQueryEngine.ExecuteAsync(sql, new ApproximateDp(epsilon, 1e-6), _metadata, tables, ledger, "mallory", "trial")),
            ("sqlite", (sql, epsilon, ledger) => DpQueryEngine.ExecuteOnDatabaseAsync(sql, new ApproximateDp(epsilon, 1e-6), _metadata, database, ledger, "mallory", "trial")),
        };
        if (PostgresFactAttribute.ConnectionString is not null)
        {
            var postgres = PostgresFactAttribute.RequireIsolated();
            foreach (var (name, table) in tables)
            {
                await PostgresTableWriter.WriteAsync(table, postgres, name, replace: true);
            }
            engines.Add(("postgres", (sql, epsilon, ledger) => DpQueryEngine.ExecuteOnDatabaseAsync(sql, new ApproximateDp(epsilon, 1e-6), _metadata, postgres, ledger, "mallory", "trial")));
        }
        return engines;
    }

    [Theory]
    [MemberData(nameof(Refused))]
    [Trait("Category", "Audit")]
    public async Task An_adversarial_query_is_refused_before_any_charge_on_every_engine(string sql)
    {
        foreach (var (engine, run) in await EnginesAsync(_files.Database))
        {
            var ledger = await LedgerAsync();
            var error = await Record.ExceptionAsync(() => run(sql, 1e-12, ledger));
            Assert.True(error is QueryException or SqlSyntaxException, $"{engine}: {sql} was not refused by the planner ({error?.GetType().Name ?? "answered"}: {error?.Message})");
            Assert.Contains("nothing was charged", error!.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(await ledger.GetEntriesAsync("mallory"));
        }
    }

    [Theory]
    [MemberData(nameof(Total))]
    [Trait("Category", "Audit")]
    public async Task A_query_that_could_fail_on_some_rows_answers_alike_on_neighbours_and_engines(string sql)
    {
        var answers = new List<(string Where, DpQueryResult Result)>();
        foreach (var database in new[] { _files.Database, _neighbour })
        {
            foreach (var (engine, run) in await EnginesAsync(database))
            {
                var ledger = await LedgerAsync();
                var result = await run(sql, 1e12, ledger);
                answers.Add(($"{engine} on {Path.GetFileName(database)}", result));
                var entry = Assert.Single(await ledger.GetEntriesAsync("mallory"));
                Assert.Equal(DpQueryEngine.Plan(sql, 1e12, 1e-6, _metadata).Charge.Epsilon, entry.Epsilon);
                Assert.Equal(1e12, entry.Epsilon, 1e-3);
            }
        }
        // The engines agree on each database (at ε = 1e12 the noise is far below a count of one).
        foreach (var group in answers.Chunk(answers.Count / 2))
        {
            var reference = group[0];
            foreach (var other in group.Skip(1))
            {
                Assert.Equal(reference.Result.Columns, other.Result.Columns);
                Assert.Equal(reference.Result.Rows.Count, other.Result.Rows.Count);
                for (var r = 0; r < reference.Result.Rows.Count; r++)
                {
                    for (var c = 0; c < reference.Result.Columns.Count; c++)
                    {
                        if (reference.Result.Rows[r][c] is string or null)
                        {
                            Assert.Equal(reference.Result.Rows[r][c], other.Result.Rows[r][c]);
                            continue;
                        }
                        var x = Convert.ToDouble(reference.Result.Rows[r][c], CultureInfo.InvariantCulture);
                        var y = Convert.ToDouble(other.Result.Rows[r][c], CultureInfo.InvariantCulture);
                        Assert.True(Math.Abs(x - y) < 0.01, $"{sql}: {reference.Where} gave {x}, {other.Where} gave {y} (row {r}, column {c})");
                    }
                }
            }
        }
    }

    public static TheoryData<string> Composed => new(
    [
        "SELECT Arm, COUNT(*), AVG(Age) FROM Patients GROUP BY Arm",
        "SELECT Foot, VARIANCE(Temperature), STDDEV(Temperature), MEDIAN(Temperature) FROM Readings GROUP BY Foot",
        "SELECT Comorbidity, COUNT(DISTINCT c.PatientId), SUM(NeuropathyScore) FROM Comorbidities c JOIN Patients p ON c.PatientId = p.PatientId GROUP BY Comorbidity",
        "SELECT Disease, COUNT(*) FROM Patients GROUP BY Disease",
    ]);

    [Theory]
    [MemberData(nameof(Composed))]
    [Trait("Category", "Audit")]
    public async Task The_ledger_is_charged_exactly_the_composed_cost_of_the_plan(string sql)
    {
        // Disease made private, so that the last query pays for partition selection with δ.
        var yaml = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(_files.Metadata), @"Disease: +\{[^}]*\}", "Disease: { type: text, private: true }");
        var metadata = MetadataLoader.Parse(new StringReader(yaml), "private.yaml");
        var plan = DpQueryEngine.Plan(sql, 0.7, 1e-6, metadata);
        var parts = plan.Aggregates.Sum(a => DpQueryPlanner.Shares(a.Call)) + (plan.PrivateKey is null ? 0 : 1);
        var ledger = await LedgerAsync();
        await DpQueryEngine.ExecuteOnDatabaseAsync(sql, new ApproximateDp(0.7, 1e-6), metadata, _files.Database, ledger, "mallory", "trial");
        var entry = Assert.Single(await ledger.GetEntriesAsync("mallory"));
        Assert.Equal(plan.Charge.Epsilon, entry.Epsilon);
        Assert.Equal(plan.Charge.Delta, entry.Delta);
        Assert.Equal(0.7, entry.Epsilon, 1e-12);
        Assert.Equal(plan.PrivateKey is null ? 0 : 1e-6, entry.Delta);
        Assert.True(parts >= 2, $"{sql} composes {parts} mechanisms");
    }

    [Fact]
    [Trait("Category", "Audit")]
    public async Task The_released_column_keeps_the_name_the_analyst_wrote()
    {
        var ledger = await LedgerAsync();
        var result = await DpQueryEngine.ExecuteOnDatabaseAsync("SELECT FLOOR(Age / 5) * 5, COUNT(*) FROM Patients GROUP BY FLOOR(Age / 5) * 5", 1, _metadata, _files.Database, ledger, "mallory", "trial");
        Assert.Equal("FLOOR(\"Age\" / 5) * 5", result.Columns[0]);
    }
}
