using System.Globalization;
using Microsoft.Data.Sqlite;
using Sanitas.Data;
using Sanitas.Query;

namespace Sanitas.Tests.Query.Engine;

/// <summary>
/// The in-memory engine is the reference for "same answer, any engine": every query here runs on it
/// and on SQLite (the same SQL text) over the same small trial, and the results must agree.
/// </summary>
public sealed class InMemoryEngineTests : IDisposable
{
    private static readonly string[] Diseases = ["Ulcer", "Gait", "Macroangiopathy", "Fasciitis", "Angiopathy", "Arthrosis"];
    private readonly Dictionary<string, Table> _tables;
    private readonly SqliteConnection _sqlite;

    public InMemoryEngineTests()
    {
        // A small seeded trial (sample data, not a release: System.Random is fine here).
        var random = new Random(7);
        var patients = Enumerable.Range(1, 120).Select(id => new
        {
            Id = id,
            Age = random.Next(30, 90),
            Sex = random.NextDouble() < 0.6 ? "male" : "female",
            Type = random.NextDouble() < 0.85 ? 2 : 1,
            Arm = id % 2 == 0 ? "control" : "intervention",
            Disease = Diseases[random.Next(Diseases.Length)],
        }).ToList();
        var readings = patients.SelectMany(p => Enumerable.Range(0, random.Next(1, 30)).Select(i => new
        {
            p.Id,
            Foot = i % 2 == 0 ? "left" : "right",
            Temperature = Math.Round(28 + random.NextDouble() * 6, 1),
        })).ToList();
        var comorbidities = patients.SelectMany(p => Diseases.Where(_ => random.NextDouble() < 0.3).Select(d => new { p.Id, Comorbidity = d })).ToList();

        static Column Ints(string name, IEnumerable<long> values) => Column.FromValues(name, values.Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer);
        static Column Texts(string name, IEnumerable<string> values) => Column.FromValues(name, values.Select(v => (string?)v));
        _tables = new Dictionary<string, Table>
        {
            ["Patients"] = new([
                Ints("PatientId", patients.Select(p => (long)p.Id)), Ints("Age", patients.Select(p => (long)p.Age)), Texts("Sex", patients.Select(p => p.Sex)),
                Ints("DiabetesType", patients.Select(p => (long)p.Type)), Texts("Arm", patients.Select(p => p.Arm)), Texts("Disease", patients.Select(p => p.Disease))]),
            ["Readings"] = new([
                Ints("PatientId", readings.Select(r => (long)r.Id)), Texts("Foot", readings.Select(r => r.Foot)),
                Column.FromValues("Temperature", readings.Select(r => (string?)r.Temperature.ToString("0.0", CultureInfo.InvariantCulture)), ColumnType.Decimal)]),
            ["Comorbidities"] = new([Ints("PatientId", comorbidities.Select(c => (long)c.Id)), Texts("Comorbidity", comorbidities.Select(c => c.Comorbidity))]),
        };

        SQLitePCL.Batteries_V2.Init();
        _sqlite = new SqliteConnection("Data Source=:memory:");
        _sqlite.Open();
        foreach (var (name, table) in _tables)
        {
            Execute($"CREATE TABLE \"{name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\" {(c.Type switch { ColumnType.Integer => "INTEGER", ColumnType.Decimal => "REAL", _ => "TEXT" })}"))})");
            using var transaction = _sqlite.BeginTransaction();
            using var insert = _sqlite.CreateCommand();
            insert.CommandText = $"INSERT INTO \"{name}\" VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
            var parameters = table.Columns.Select((_, i) => insert.Parameters.Add("$p" + i, SqliteType.Text)).ToArray();
            for (var r = 0; r < table.RowCount; r++)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var column = table.Columns[c];
                    parameters[c].Value = column.Type switch
                    {
                        ColumnType.Integer => long.Parse(column[r]!, CultureInfo.InvariantCulture),
                        ColumnType.Decimal => double.Parse(column[r]!, CultureInfo.InvariantCulture),
                        _ => column[r]!,
                    };
                }
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public void Dispose() => _sqlite.Dispose();

    private void Execute(string sql)
    {
        using var command = _sqlite.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<string> Sqlite(string sql)
    {
        using var command = _sqlite.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Format(reader.IsDBNull(i) ? null : reader.GetValue(i)))));
        }
        return rows;
    }

    private List<string> Sanitas(string sql) =>
        InMemoryEngine.Execute(sql, _tables).Rows.Select(r => string.Join(" | ", r.Select(Format))).ToList();

    private static string Format(object? v) => v switch
    {
        null => "NULL",
        long or int => Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        double d => Math.Round(d, 9).ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    private void AssertSameAsSqlite(string sql, bool ordered = false)
    {
        var expected = Sqlite(sql);
        var actual = Sanitas(sql);
        Assert.NotEmpty(expected);
        if (!ordered)
        {
            expected.Sort(StringComparer.Ordinal);
            actual.Sort(StringComparer.Ordinal);
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_study_query_runs_verbatim_and_agrees_with_sqlite() => AssertSameAsSqlite("""
        SELECT AgeGroup, Disease, COUNT(*) FROM (
          SELECT FLOOR(Age/5)*5 AS AgeGroup, * FROM Patients
          WHERE Sex = 'male' AND DiabetesType = 1
        ) GroupedResults GROUP BY AgeGroup, Disease
        """);

    [Fact]
    public void A_join_of_readings_with_patients_agrees_with_sqlite() => AssertSameAsSqlite(
        "SELECT p.Arm, (p.Age / 10) * 10 AS AgeGroup, COUNT(*), AVG(r.Temperature), SUM(r.Temperature) " +
        "FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY p.Arm, (p.Age / 10) * 10");

    [Fact]
    public void Distinct_patients_per_comorbidity_agree_with_sqlite() => AssertSameAsSqlite(
        "SELECT Comorbidity, COUNT(DISTINCT PatientId), COUNT(*) FROM Comorbidities GROUP BY Comorbidity");

    [Fact]
    public void Expressions_having_order_and_limit_agree_with_sqlite() => AssertSameAsSqlite(
        "SELECT CASE WHEN Age BETWEEN 30 AND 59 THEN 'younger' WHEN Age >= 60 THEN 'older' ELSE 'other' END AS Band, Sex, COUNT(*) AS n, MIN(Age), MAX(Age) " +
        "FROM Patients WHERE Disease IN ('Ulcer', 'Gait', 'Arthrosis') AND NOT Arm = 'control' AND Disease LIKE '%r%' " +
        "GROUP BY CASE WHEN Age BETWEEN 30 AND 59 THEN 'younger' WHEN Age >= 60 THEN 'older' ELSE 'other' END, Sex HAVING COUNT(*) > 1 ORDER BY n DESC, Band, Sex LIMIT 3",
        ordered: true);

    [Fact]
    public void Aggregates_without_group_by_and_arithmetic_agree_with_sqlite() => AssertSameAsSqlite(
        "SELECT COUNT(*), SUM(Age), AVG(Age) * 2, MIN(Temperature) FROM Patients p JOIN Readings r ON p.PatientId = r.PatientId WHERE r.Foot = 'left'");

    [Fact]
    public void Median_percentile_variance_and_stddev_match_their_definitions()
    {
        var tables = new Dictionary<string, Table>
        {
            ["T"] = new([Column.FromValues("x", new[] { "1", "2", "3", "4", "10" }, ColumnType.Integer)]),
        };
        var row = InMemoryEngine.Execute("SELECT MEDIAN(x), PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY x), VARIANCE(x), STDDEV(x) FROM T", tables).Rows.Single();
        Assert.Equal(3.0, (double)row[0]!);
        Assert.Equal(2.0, (double)row[1]!);          // position 0.25·4 = 1 → the second value
        Assert.Equal(12.5, (double)row[2]!, 12);     // mean 4, squared deviations 9+4+1+0+36 = 50, /(5−1)
        Assert.Equal(Math.Sqrt(12.5), (double)row[3]!, 12);
    }

    [Theory]
    [InlineData("SELECT Agee FROM Patients", "line 1, column 8: unknown column 'Agee'")]
    [InlineData("SELECT COUNT(*) FROM Patient", "line 1, column 22: unknown table 'Patient'")]
    [InlineData("SELECT Sex, COUNT(*) FROM Patients", "line 1, column 8: the column 'Sex' must appear in GROUP BY")]
    [InlineData("SELECT PatientId FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId", "line 1, column 8: the column 'PatientId' is ambiguous")]
    [InlineData("SELECT COUNT(*) FROM (SELECT Sex, COUNT(*) FROM Patients) s", "line 1, column 23: aggregation inside a FROM subquery is not supported")]
    [InlineData("SELECT SUM(Sex) FROM Patients", "line 1, column 8: SUM(\"Sex\") needs numbers")]
    [InlineData("SELECT Sex + 1 FROM Patients", "line 1, column 8:")]
    public void Errors_name_the_place_in_the_sql(string sql, string message)
    {
        var error = Assert.Throws<QueryException>(() => InMemoryEngine.Execute(sql, _tables));
        Assert.StartsWith(message, error.Message);
    }
}
