using System.Globalization;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Tests.Support;

namespace Sanitas.Tests.Learning;

/// <summary>
/// Training from a database table (the analyst setting, <c>sanitas train --db --table</c>): the same model as
/// from the table's CSV, only the used columns read, the ledger charged before any row and every failure
/// that can happen on metadata before the charge; on SQLite and PostgreSQL.
/// </summary>
public sealed class DatabaseTrainingTests : IDisposable
{
    private const string Bounds = "Age: [18, 90]\nSex: [female, male]\nScore: { range: [0, 10], missing: 4 }\nValue: [0, 100]\nJ: [0, 10]\n";

    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>
    /// A seeded visits table (test data, not a release): 120 patients with 1–4 rows each, Value ≈ 20 + 0.5·Age + 3·Score
    /// (+5 for men) with noise; about one Score in eight missing; a Notes column no model uses.
    /// </summary>
    internal static Table Visits(int patients = 120, int seed = 17)
    {
        var random = new Random(seed);
        var (id, age, sex, score, value, notes) = (new List<string?>(), new List<string?>(), new List<string?>(), new List<string?>(), new List<string?>(), new List<string?>());
        for (var p = 1; p <= patients; p++)
        {
            var a = random.Next(20, 85);
            var male = random.Next(2) == 0;
            for (var r = random.Next(1, 5); r > 0; r--)
            {
                var s = Math.Round(random.NextDouble() * 10, 1);
                id.Add(p.ToString(CultureInfo.InvariantCulture));
                age.Add(a.ToString(CultureInfo.InvariantCulture));
                sex.Add(male ? "male" : "female");
                score.Add(random.Next(8) == 0 ? null : s.ToString("R", CultureInfo.InvariantCulture));
                value.Add(Math.Round(20 + (0.5 * a) + (3 * s) + (male ? 5 : 0) + (random.NextDouble() * 4) - 2, 2).ToString("R", CultureInfo.InvariantCulture));
                notes.Add(r == 1 ? "first visit" : "{not json");
            }
        }
        return new Table([
            Column.FromValues("PatientId", id, ColumnType.Integer), Column.FromValues("Age", age, ColumnType.Integer), Column.FromValues("Sex", sex),
            Column.FromValues("Score", score, ColumnType.Decimal), Column.FromValues("Value", value, ColumnType.Decimal), Column.FromValues("Notes", notes)]);
    }

    private static TrainingOptions Options(MissingValuePolicy missing, string mechanism = "none") => new()
    {
        Target = "Value",
        Model = "linear",
        Mechanism = mechanism,
        Epsilon = mechanism == "none" ? 0 : 0.5,
        Features = ["Age", "Sex", "Score"],
        Unit = "PatientId",
        MaxRowsPerUnit = 10,
        Missing = missing,
        Bounds = LearningBounds.Parse(new StringReader(Bounds), "visits-bounds.yaml"),
    };

    private async Task<string> SqliteAsync(Table table)
    {
        var database = _folder.File("visits.sqlite");
        await SqliteTableWriter.WriteAsync(table, database, "Visits");
        return database;
    }

    private async Task<TrainedModel> TrainAsync(TrainingOptions options, string? csv = null, string? database = null, string? ledger = null, bool notPrivate = true)
    {
        var request = new TrainingRequest(csv ?? "", options, _folder.File(Guid.NewGuid().ToString("N") + ".json"), NotPrivate: notPrivate,
            Ledger: ledger, Analyst: ledger is null && database is null ? null : "alice", NoLedger: !notPrivate && ledger is null && database is null)
        { Database = database, Table = database is null ? null : "Visits" };
        return (await TrainingRun.RunAsync(request, SecureRandom.Instance)).Model;
    }

    [Theory]
    [InlineData(MissingValuePolicy.Drop)]
    [InlineData(MissingValuePolicy.ImputePublic)]
    public async Task A_SQLite_table_trains_the_same_model_as_its_CSV(MissingValuePolicy missing)
    {
        var table = Visits();
        var csv = _folder.File("visits.csv");
        CsvWriter.Write(table, csv);
        var database = await SqliteAsync(table);
        var fromCsv = await TrainAsync(Options(missing), csv: csv);
        var fromTable = await TrainAsync(Options(missing), database: database);
        Assert.Equal(fromCsv.Coefficients.Keys, fromTable.Coefficients.Keys);
        foreach (var (name, value) in fromCsv.Coefficients)
        {
            Assert.Equal(value, fromTable.Coefficients[name], 9);
        }
        Assert.Equal(fromCsv.Intercept!.Value, fromTable.Intercept!.Value, 9);
        // The generator's slope of Score is 3; both missing-value policies keep it near.
        Assert.InRange(fromTable.Coefficients["Score"], 2.5, 3.5);
    }

    [Fact]
    public async Task Only_the_used_columns_are_read_and_the_schema_read_returns_no_row()
    {
        var database = await SqliteAsync(Visits());
        var input = TrainingInput.Of(new TrainingRequest("", Options(MissingValuePolicy.Drop), "m.json") { Database = database, Table = "Visits" });
        Assert.Equal(["PatientId", "Age", "Sex", "Score", "Value", "Notes"], await input.ColumnNamesAsync(default));
        var read = await input.ReadAsync(["Age", "Score", "Value", "PatientId"], default);
        Assert.Equal(["Age", "Score", "Value", "PatientId"], read.ColumnNames);
        Assert.Equal(Visits().RowCount, read.RowCount);
    }

    [Fact]
    public async Task Not_private_training_names_the_table_row_and_column_of_a_missing_value()
    {
        var database = await SqliteAsync(Visits());
        var e = await Assert.ThrowsAsync<LearningException>(() => TrainAsync(Options(MissingValuePolicy.Error), database: database));
        Assert.Matches(@"^table 'Visits', row \d+ of the read, column 'Score': the value is missing", e.Message);
        Assert.Contains("`missing` drop", e.Message);
    }

    [Fact]
    public async Task DP_training_from_a_table_charges_the_ledger_in_that_database_before_reading_and_fails_on_metadata_before_it()
    {
        var database = await SqliteAsync(Visits());
        var ledger = BudgetLedger.Open(database, createIfMissing: true);
        var dataset = BudgetLedger.DatasetName(database);
        await ledger.SetBudgetAsync("alice", dataset, 1);
        async Task<double> Spent() => (await ledger.GetAsync("alice", dataset))!.EpsilonSpent;

        var model = await TrainAsync(Options(MissingValuePolicy.Drop, "functional"), database: database, notPrivate: false);
        Assert.True(model.Release.IsPrivate);
        Assert.Equal(0.5, await Spent(), 12);
        var entry = Assert.Single(await ledger.GetEntriesAsync("alice", dataset));
        Assert.Contains("on table 'Visits'", entry.Description);

        // Metadata errors come before the charge: an unknown table, an unknown or unbounded column, over budget.
        var noTable = new TrainingRequest("", Options(MissingValuePolicy.Drop, "functional"), _folder.File("x.json"), Analyst: "alice") { Database = database, Table = "Nope" };
        var e1 = await Assert.ThrowsAsync<SanitasDataException>(() => TrainingRun.RunAsync(noTable, SecureRandom.Instance));
        Assert.Contains("no such table: Nope", e1.Message);
        var unbounded = Options(MissingValuePolicy.Drop, "functional") with { Features = ["Age", "Notes"] };
        var e2 = await Assert.ThrowsAsync<LearningException>(() => TrainAsync(unbounded, database: database, notPrivate: false));
        Assert.Contains("Column 'Notes' is used by the model but has no bounds in visits-bounds.yaml", e2.Message);
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => TrainAsync(Options(MissingValuePolicy.Drop, "functional") with { Epsilon = 0.6 }, database: database, notPrivate: false));
        Assert.Equal(0.5, await Spent(), 12);
        Assert.Single(Directory.GetFiles(_folder.Path, "*.json"));
    }

    [Fact]
    public async Task A_read_that_fails_after_the_charge_reports_one_fixed_sentence_and_the_charge_stands()
    {
        var database = await SqliteAsync(Visits());
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // json_extract fails on the malformed Notes of the rows, but not on a query that selects no row.
            command.CommandText = "CREATE VIEW Broken AS SELECT PatientId, Age, json_extract(Notes, '$.a') AS J, Value FROM Visits";
            command.ExecuteNonQuery();
        }
        var ledger = BudgetLedger.Open(database, createIfMissing: true);
        await ledger.SetBudgetAsync("alice", BudgetLedger.DatasetName(database), 1);
        var options = Options(MissingValuePolicy.Drop, "functional") with { Features = ["Age", "J"] };
        var request = new TrainingRequest("", options, _folder.File("b.json"), Analyst: "alice") { Database = database, Table = "Broken" };
        var e = await Assert.ThrowsAsync<LearningException>(() => TrainingRun.RunAsync(request, SecureRandom.Instance));
        Assert.Equal(TrainingRun.FailedAfterCharge, e.Message);
        Assert.Equal(0.5, (await ledger.GetAsync("alice", BudgetLedger.DatasetName(database)))!.EpsilonSpent, 12);
        Assert.False(File.Exists(_folder.File("b.json")));
    }

    [PostgresFact]
    public async Task A_PostgreSQL_table_trains_as_its_CSV_and_DP_training_charges_the_ledger_there()
    {
        var connection = PostgresFactAttribute.RequireIsolated();
        var table = Visits();
        await PostgresTableWriter.WriteAsync(table, connection, "Visits");
        var csv = _folder.File("visits.csv");
        CsvWriter.Write(table, csv);
        var fromCsv = await TrainAsync(Options(MissingValuePolicy.Drop), csv: csv);
        var fromTable = await TrainAsync(Options(MissingValuePolicy.Drop), database: connection);
        foreach (var (name, value) in fromCsv.Coefficients)
        {
            Assert.Equal(value, fromTable.Coefficients[name], 9);
        }
        var ledger = BudgetLedger.Open(connection, createIfMissing: true);
        var dataset = BudgetLedger.DatasetName(connection);
        await ledger.SetBudgetAsync("alice", dataset, 1);
        var model = await TrainAsync(Options(MissingValuePolicy.ImputePublic, "functional"), database: connection, notPrivate: false);
        Assert.True(model.Release.IsPrivate);
        Assert.Equal(0.5, (await ledger.GetAsync("alice", dataset))!.EpsilonSpent, 12);
        var noTable = new TrainingRequest("", Options(MissingValuePolicy.Drop, "functional"), _folder.File("x.json"), Analyst: "alice") { Database = connection, Table = "Nope" };
        await Assert.ThrowsAsync<SanitasDataException>(() => TrainingRun.RunAsync(noTable, SecureRandom.Instance));
        Assert.Equal(0.5, (await ledger.GetAsync("alice", dataset))!.EpsilonSpent, 12);
    }
}
