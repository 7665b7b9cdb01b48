using Microsoft.Data.Sqlite;
using Sanitas.Data;
using Sanitas.Samples;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Samples;

public sealed class ClinicalTrialWriterTests
{
    private static readonly string[] FileNames = ["comorbidities.csv", "patients.csv", "readings.csv", "trial.sqlite", "trial.yaml"];

    // The study's query exactly as the issue gives it.
    private const string StudyQuery = """
        SELECT AgeGroup, Disease, COUNT(*) FROM (
          SELECT FLOOR(Age/5)*5 AS AgeGroup, * FROM Patients
          WHERE Sex = 'male' AND DiabetesType = 1
        ) GroupedResults GROUP BY AgeGroup, Disease
        """;

    private static Task<ClinicalTrialFiles> Write(string folder, int seed = 11, int patients = 20) =>
        ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = patients, Seed = seed }, folder);

    [Fact]
    public async Task Writes_csv_sqlite_and_metadata_and_nothing_else()
    {
        using var folder = new TempFolder();
        var files = await Write(folder.Path);

        Assert.Equal(FileNames, Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order());
        Assert.Equal(folder.File("trial.sqlite"), files.Database);
        Assert.Equal(20, files.Patients);
        Assert.Equal(files.Readings, File.ReadLines(files.ReadingsCsv).Count() - 1);
        Assert.Equal(files.Comorbidities, File.ReadLines(files.ComorbiditiesCsv).Count() - 1);
        Assert.Equal("PatientId,BirthDate,Age,Sex,DiabetesType,Arm,Disease,UlcerHistory,NeuropathyScore,UlcerOnset", File.ReadLines(files.PatientsCsv).First());
        Assert.Equal("PatientId,Time,Foot,Sensor,Temperature", File.ReadLines(files.ReadingsCsv).First());

        var readings = await SqliteTableReader.ReadTableAsync(files.Database, "Readings");
        Assert.Equal(files.Readings, readings.RowCount);
        var csv = await CsvReader.ReadAsync(files.ReadingsCsv);
        Assert.Equal(csv.Columns.Select(c => c.Type), readings.Columns.Select(c => c.Type));
    }

    [Fact]
    public async Task Database_has_typed_columns_a_primary_key_and_an_index()
    {
        using var folder = new TempFolder();
        var files = await Write(folder.Path);
        using var connection = new SqliteConnection($"Data Source={files.Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        string Types(string table)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name || ' ' || type || CASE pk WHEN 1 THEN ' PK' ELSE '' END FROM pragma_table_info('{table}')";
            using var reader = command.ExecuteReader();
            var columns = new List<string>();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
            return string.Join(", ", columns);
        }
        Assert.Equal("PatientId INTEGER PK, BirthDate TEXT, Age INTEGER, Sex TEXT, DiabetesType INTEGER, Arm TEXT, Disease TEXT, UlcerHistory INTEGER, NeuropathyScore INTEGER, UlcerOnset TEXT", Types("Patients"));
        Assert.Equal("PatientId INTEGER, Comorbidity TEXT", Types("Comorbidities"));
        Assert.Equal("PatientId INTEGER, Time TEXT, Foot TEXT, Sensor TEXT, Temperature REAL", Types("Readings"));
        using var index = connection.CreateCommand();
        index.CommandText = "SELECT COUNT(*) FROM pragma_index_list('Readings') l JOIN pragma_index_info(l.name) i WHERE i.name = 'PatientId'";
        Assert.Equal(1L, index.ExecuteScalar());
        using var plan = connection.CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN SELECT AVG(Temperature) FROM Readings WHERE PatientId = 3";
        Assert.Contains("INDEX", ReadAll(plan), StringComparison.Ordinal);
    }

    private static string ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var text = new List<string>();
        while (reader.Read())
        {
            text.Add(reader.GetString(3));
        }
        return string.Join("; ", text);
    }

    [Fact]
    public async Task The_studys_query_runs_verbatim_on_the_full_trial_database()
    {
        using var folder = new TempFolder();
        var files = await ClinicalTrialWriter.WriteAsync(TrialAnalysis.Full, folder.Path);
        Assert.Equal(300, files.Patients);
        Assert.InRange(files.Readings, 300_000, 400_000);

        using var connection = new SqliteConnection($"Data Source={files.Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Patients WHERE Sex = 'male' AND DiabetesType = 1";
        var males = (long)count.ExecuteScalar()!;
        using var query = connection.CreateCommand();
        query.CommandText = StudyQuery;
        using var reader = query.ExecuteReader();
        Assert.Equal(["AgeGroup", "Disease", "COUNT(*)"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        var groups = new List<(double AgeGroup, string Disease, long Count)>();
        while (reader.Read())
        {
            groups.Add((reader.GetDouble(0), reader.GetString(1), reader.GetInt64(2)));
        }
        Assert.True(groups.Count > 3, $"{groups.Count} groups");
        Assert.Equal(males, groups.Sum(g => g.Count));
        Assert.All(groups, g => Assert.Equal(0, g.AgeGroup % 5));
        Assert.All(groups, g => Assert.Contains(g.Disease, ClinicalTrial.Conditions));
        Assert.Equal(groups.Count, groups.Select(g => (g.AgeGroup, g.Disease)).Distinct().Count());

        var table = await SqliteTableReader.QueryAsync(files.Database, StudyQuery);
        Assert.Equal(groups.Count, table.RowCount);
        Assert.Equal(ColumnType.Integer, table["COUNT(*)"].Type);
    }

    [Fact]
    public async Task Same_seed_writes_identical_files_and_another_seed_different_ones()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        await Write(a.Path, seed: 5);
        await Write(b.Path, seed: 5);
        await Write(c.Path, seed: 6);

        foreach (var name in new[] { "patients.csv", "comorbidities.csv", "readings.csv", "trial.yaml" })
        {
            Assert.Equal(File.ReadAllBytes(a.File(name)), File.ReadAllBytes(b.File(name)));
        }
        Assert.NotEqual(File.ReadAllBytes(a.File("readings.csv")), File.ReadAllBytes(c.File("readings.csv")));
        Assert.NotEqual(File.ReadAllBytes(a.File("patients.csv")), File.ReadAllBytes(c.File("patients.csv")));
        var fromA = await SqliteTableReader.ReadTableAsync(a.File("trial.sqlite"), "Patients");
        var fromB = await SqliteTableReader.ReadTableAsync(b.File("trial.sqlite"), "Patients");
        Assert.Equal(fromA.Columns.Select(col => col.Dictionary), fromB.Columns.Select(col => col.Dictionary));
    }

    [Fact]
    public async Task Cancellation_leaves_existing_files_untouched_and_no_staging_folder()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("patients.csv"), "old");
        using var cancel = new CancellationTokenSource();
        var trial = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 20 });
        var progress = new Action<double>(f =>
        {
            if (f > 0.5)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClinicalTrialWriter.WriteAsync(trial, folder.Path, new SyncProgress(progress), cancel.Token));

        Assert.Equal(["patients.csv"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(folder.File("patients.csv")));
    }

    [Fact]
    public async Task Progress_rises_to_one()
    {
        using var folder = new TempFolder();
        var reports = new List<double>();
        await ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 20 }, folder.Path, new SyncProgress(reports.Add));
        Assert.Equal(1.0, reports[^1]);
        Assert.All(reports.Zip(reports.Skip(1)), p => Assert.True(p.First <= p.Second + 1e-12, $"{p.First} then {p.Second}"));
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
