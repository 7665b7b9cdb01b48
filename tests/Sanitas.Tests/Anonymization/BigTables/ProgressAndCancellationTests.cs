using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Samples;
using Sanitas.Tests.Data;
using Sanitas.Workflows;

namespace Sanitas.Tests.Anonymization.BigTables;

/// <summary>
/// Progress and cancellation through the big-table passes: the phases (reading, searching, writing) arrive in
/// order, each reaches 100%, reports are throttled, and a cancellation while reading or while writing ends the
/// run with <see cref="OperationCanceledException"/> and leaves neither the output, nor the report, nor a temporary file.
/// </summary>
public sealed class ProgressAndCancellationTests(ProgressAndCancellationTests.ScaledAdultTable shared) : IClassFixture<ProgressAndCancellationTests.ScaledAdultTable>
{
    private const int Rows = 140_000;

    /// <summary>One scaled Adult file and its SQLite copy for the whole class (writing the database is the slow part).</summary>
    public sealed class ScaledAdultTable : IDisposable
    {
        private readonly TempFolder _folder = new();

        public ScaledAdultTable()
        {
            (Config, Input) = ScaledAdult(_folder);
            Database = _folder.File("scaled.sqlite");
            SqliteTableWriter.WriteAsync(CsvReader.Read(Input, new CsvOptions { Delimiter = ';' }), Database, "adult").GetAwaiter().GetResult();
        }

        public string Config { get; }

        public string Input { get; }

        public string Database { get; }

        public void Dispose() => _folder.Dispose();
    }

    /// <summary>An Adult-shaped file of <see cref="Rows"/> rows and a configuration generalizing sex, age and race (k = 5), the other columns written as read.</summary>
    internal static (string Config, string Input) ScaledAdult(TempFolder folder)
    {
        var input = folder.File("scaled.csv");
        AdultScale.Write(TestData.Adult("adult.csv"), input, new AdultScaleOptions { Rows = Rows, Seed = 11 });
        var config = folder.File("three.yaml");
        File.WriteAllText(config, $$"""
            delimiter: ";"
            attributes:
              sex:  { role: quasi-identifier, hierarchy: "{{TestData.Adult("adult_hierarchy_sex.csv")}}" }
              age:  { role: quasi-identifier, hierarchy: "{{TestData.Adult("adult_hierarchy_age.csv")}}" }
              race: { role: quasi-identifier, hierarchy: "{{TestData.Adult("adult_hierarchy_race.csv")}}" }
            privacy:
              - k-anonymity: { k: 5 }
            suppressionLimit: 0.04
            metric: non-uniform-entropy
            """);
        return (config, input);
    }

    /// <summary>Records every report on the reporting thread and runs <paramref name="onReport"/> on it.</summary>
    private sealed class Recorder(Action<AnonymizationProgress>? onReport = null) : IProgress<AnonymizationProgress>
    {
        public List<AnonymizationProgress> Reports { get; } = [];

        public void Report(AnonymizationProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    private static void AssertPhasesInOrderAndComplete(IReadOnlyList<AnonymizationProgress> reports, long records)
    {
        Assert.NotEmpty(reports);
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Phase >= reports[i - 1].Phase, $"report {i}: {reports[i].Phase} after {reports[i - 1].Phase}");
            Assert.True(reports[i].Overall >= reports[i - 1].Overall, $"report {i}: overall {reports[i].Overall} after {reports[i - 1].Overall}");
        }
        foreach (var phase in Enum.GetValues<AnonymizationPhase>())
        {
            var ofPhase = reports.Where(r => r.Phase == phase).ToList();
            Assert.True(ofPhase.Count > 0, $"no report of {phase}");
            Assert.Equal(1.0, ofPhase[^1].Fraction);
            Assert.All(ofPhase, r => Assert.InRange(r.Fraction, 0, 1));
        }
        Assert.Equal(new AnonymizationProgress(AnonymizationPhase.Writing, 1, records, records), reports[^1]);
        Assert.Equal(1.0, reports[^1].Overall);
    }

    private static void AssertNothingWritten(TempFolder folder, string output, string report)
    {
        Assert.False(File.Exists(output), "the output exists after a cancellation");
        Assert.False(File.Exists(report), "the report exists after a cancellation");
        Assert.Empty(Directory.GetFiles(folder.Path, "*.sanitas-*"));
    }

    [Fact]
    public void Streamed_file_reports_reading_searching_and_writing_in_order_each_to_100_percent()
    {
        using var folder = new TempFolder();
        var (config, input) = (shared.Config, shared.Input);
        var recorder = new Recorder();
        var report = FileAnonymizer.RunWith(config, input, folder.File("out.csv"), folder.File("out.json"), recorder, streaming: true, CancellationToken.None);

        Assert.Equal(Rows, report.Records);
        var reports = recorder.Reports;
        AssertPhasesInOrderAndComplete(reports, Rows);
        // Reading: the share of the file's bytes grows with the records counted so far (no total known while reading a CSV).
        var reading = reports.Where(r => r.Phase == AnonymizationPhase.Reading).ToList();
        Assert.Contains(reading, r => r.Fraction is > 0 and < 1 && r.Rows is > 0 and < Rows && r.TotalRows is null);
        Assert.True(reading.Zip(reading.Skip(1)).All(p => p.Second.Fraction >= p.First.Fraction && p.Second.Rows >= p.First.Rows));
        // Searching carries the lattice search's own progress.
        Assert.Contains(reports, r => r.Phase == AnonymizationPhase.Searching && r.Search is { LatticeSize: > 0 });
        // Writing: every 64k records, of all records.
        var writing = reports.Where(r => r.Phase == AnonymizationPhase.Writing).Select(r => (r.Rows, r.TotalRows)).ToList();
        Assert.Equal([(0, Rows), (65_536, Rows), (131_072, Rows), (Rows, Rows)], writing);
        // Throttled: about one report a percent of the file or 64k records, never one a record.
        Assert.InRange(reports.Count, 6, 400);
    }

    [Fact]
    public void In_memory_file_reports_the_three_phases_each_to_100_percent()
    {
        using var folder = new TempFolder();
        var recorder = new Recorder();
        var report = FileAnonymizer.Run(TestData.Adult("adult-k5.yaml"), TestData.Adult("adult.csv"), folder.File("out.csv"), folder.File("out.json"), recorder);
        AssertPhasesInOrderAndComplete(recorder.Reports, report.Records);
        Assert.Equal(30_162, report.Records);
    }

    [Fact]
    public void Cancelling_while_reading_the_file_writes_nothing()
    {
        using var folder = new TempFolder();
        var (config, input) = (shared.Config, shared.Input);
        using var cancel = new CancellationTokenSource();
        var recorder = new Recorder(p =>
        {
            if (p.Phase == AnonymizationPhase.Reading && p.Fraction > 0.2)
            {
                cancel.Cancel();
            }
        });
        var output = folder.File("out.csv");
        var report = folder.File("out.json");
        Assert.ThrowsAny<OperationCanceledException>(() => FileAnonymizer.RunWith(config, input, output, report, recorder, streaming: true, cancel.Token));
        Assert.All(recorder.Reports, r => Assert.Equal(AnonymizationPhase.Reading, r.Phase));
        Assert.True(recorder.Reports[^1].Fraction < 1, "the read went on to the end");
        AssertNothingWritten(folder, output, report);
    }

    [Fact]
    public void Cancelling_while_writing_the_file_leaves_no_half_written_output()
    {
        using var folder = new TempFolder();
        var (config, input) = (shared.Config, shared.Input);
        using var cancel = new CancellationTokenSource();
        var recorder = new Recorder(p =>
        {
            if (p.Phase == AnonymizationPhase.Writing && p.Rows > 0)
            {
                cancel.Cancel();
            }
        });
        var output = folder.File("out.csv");
        var report = folder.File("out.json");
        Assert.ThrowsAny<OperationCanceledException>(() => FileAnonymizer.RunWith(config, input, output, report, recorder, streaming: true, cancel.Token));
        // Cancelled at the first 64k records written: the temporary output held them, and it is gone.
        Assert.Equal(65_536, recorder.Reports[^1].Rows);
        Assert.Equal(AnonymizationPhase.Writing, recorder.Reports[^1].Phase);
        AssertNothingWritten(folder, output, report);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_SQLite_table_reports_the_phases_in_order_with_the_rows_of_the_table(bool pushDown)
    {
        using var folder = new TempFolder();
        var (config, database) = (shared.Config, shared.Database);
        var recorder = new Recorder();
        var report = DatabaseAnonymizer.Run(config, database, "adult", folder.File("out.csv"), folder.File("out.json"), pushDown, recorder);

        Assert.Equal(Rows, report.Records);
        AssertPhasesInOrderAndComplete(recorder.Reports, Rows);
        var reading = recorder.Reports.Where(r => r.Phase == AnonymizationPhase.Reading).ToList();
        Assert.Equal(new AnonymizationProgress(AnonymizationPhase.Reading, 0, 0, Rows), reading[0]);
        if (!pushDown)
        {
            // Rows streamed and counted here: a report every 64k rows, of COUNT(*).
            Assert.Contains(new AnonymizationProgress(AnonymizationPhase.Reading, 65_536.0 / Rows, 65_536, Rows), reading);
        }
    }

    [Theory]
    [InlineData(AnonymizationPhase.Reading)]
    [InlineData(AnonymizationPhase.Writing)]
    public void Cancelling_a_SQLite_table_while_reading_or_writing_writes_nothing(AnonymizationPhase phase)
    {
        using var folder = new TempFolder();
        var (config, database) = (shared.Config, shared.Database);
        using var cancel = new CancellationTokenSource();
        var recorder = new Recorder(p =>
        {
            if (p.Phase == phase && p.Rows > 0)
            {
                cancel.Cancel();
            }
        });
        var output = folder.File("out.csv");
        var report = folder.File("out.json");
        Assert.ThrowsAny<OperationCanceledException>(() => DatabaseAnonymizer.Run(config, database, "adult", output, report, pushDown: false, recorder, cancel.Token));
        Assert.Equal(phase, recorder.Reports[^1].Phase);
        Assert.Equal(65_536, recorder.Reports[^1].Rows);
        AssertNothingWritten(folder, output, report);
    }

    [Fact]
    public async Task A_cancellation_interrupts_a_query_the_database_is_still_running()
    {
        // A query that returns its one row only after about a billion steps: without the interrupt it would run for minutes.
        using var folder = new TempFolder();
        var database = folder.File("empty.sqlite");
        using (var create = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
        {
            create.Open();
            using var command = create.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER)";
            command.ExecuteNonQuery();
        }
        using var target = DatabaseTarget.Of(database);
        await using var connection = await target.OpenReadConnectionAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        const string Slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT COUNT(*) FROM c";
        var e = Assert.ThrowsAny<OperationCanceledException>(() => DatabaseAnonymizer.Read(connection, Slow, "test query", cancel.Token, null, _ => { }));
        // Interrupted inside SQLite (SQLITE_INTERRUPT = 9), not noticed after the query had run to its end.
        Assert.Equal(9, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(e.InnerException).SqliteErrorCode);
    }
}
