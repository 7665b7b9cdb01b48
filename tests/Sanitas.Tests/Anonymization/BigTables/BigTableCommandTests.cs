using System.CommandLine;
using Sanitas.Cli;
using Sanitas.Cli.Rendering;
using Sanitas.Data;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Anonymization.BigTables;

/// <summary>The command-line entries of the big-table path: <c>sample adult-scale</c> and <c>anonymize --input-db</c>.</summary>
public sealed class BigTableCommandTests
{
    [Fact]
    public void Sample_adult_scale_writes_the_rows_asked_for()
    {
        using var folder = new TempFolder();
        var path = folder.File("scaled.csv");
        var (code, output, error) = CliRunner.Run("sample", "adult-scale", "--rows", "40000", "--out", path, "--seed", "2", "--adult", TestData.Adult("adult.csv"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Wrote 40,000 rows (seed 2)", output, StringComparison.Ordinal);
        Assert.Equal(40_000, CsvReader.Read(path).RowCount);

        (code, _, error) = CliRunner.Run("sample", "adult-scale", "--rows", "0", "--out", path);
        Assert.Equal(ExitCodes.InvalidArguments, code);
        Assert.Contains("--rows must be positive", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymize_reads_a_SQLite_table_with_the_counting_pushed_down()
    {
        using var folder = new TempFolder();
        var (config, input) = StreamingAnonymizationTests.People(folder);
        var database = folder.File("people.sqlite");
        await SqliteTableWriter.WriteAsync(CsvReader.Read(input, new CsvOptions { Delimiter = ';' }), database, "people");
        var expected = StreamingAnonymizationTests.InMemory(config, input, folder.Path);

        var output = folder.File("from-db.csv");
        var (code, text, error) = CliRunner.Run("anonymize", "--input-db", database, "--input-table", "people", "--push-down", "true", "--config", config, "--output", output);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("600", text, StringComparison.Ordinal);
        Assert.Equal(expected.Output, File.ReadAllBytes(output));

        (code, _, error) = CliRunner.Run("anonymize", "--input-db", database, "--config", config, "--output", output);
        Assert.Equal(ExitCodes.InvalidArguments, code);
        Assert.Contains("--input-db needs --input-table", error, StringComparison.Ordinal);
    }

    /// <summary>A console that records what a command prints and every phase report, and may act on a report (cancel).</summary>
    private sealed class RecordingConsole(Action<PhaseProgress>? onReport = null) : ICliConsole
    {
        public List<string> Lines { get; } = [];

        public List<string> Errors { get; } = [];

        public List<PhaseProgress> Reports { get; } = [];

        public IReadOnlyList<string>? Phases { get; private set; }

        public bool IsInteractive => false;

        public void WriteLine(string text = "") => Lines.Add(text);

        public void WriteData(string text) => Lines.Add(text);

        public void WriteHeading(string text) => Lines.Add(text);

        public void WriteError(string message) => Errors.Add(message);

        public void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows) => Lines.Add(string.Join(" | ", headers));

        public T RunWithProgress<T>(string description, Func<IProgress<double>, T> work) => work(new ActionProgress<double>(_ => { }));

        public T RunWithPhases<T>(IReadOnlyList<string> phases, Func<IProgress<PhaseProgress>, T> work)
        {
            Phases = phases;
            return work(new ActionProgress<PhaseProgress>(p =>
            {
                Reports.Add(p);
                onReport?.Invoke(p);
            }));
        }
    }

    private static int Invoke(RecordingConsole console, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return SanitasApp.CreateRootCommand(console).Parse(args).InvokeAsync(configuration, cancellationToken).GetAwaiter().GetResult();
    }

    [Fact]
    public void Anonymize_shows_reading_searching_and_writing_with_rows()
    {
        using var folder = new TempFolder();
        var (config, input) = ProgressAndCancellationTests.ScaledAdult(folder);
        var console = new RecordingConsole();
        var code = Invoke(console, CancellationToken.None, "anonymize", "--input", input, "--config", config, "--output", folder.File("out.csv"));
        Assert.True(code == ExitCodes.Success, string.Join("\n", console.Errors));
        Assert.Equal(["Reading input", "Searching transformations", "Writing output"], console.Phases);
        Assert.Equal([0, 1, 2], console.Reports.Select(r => r.Phase).Distinct());
        // An 11 MB file is read into memory; its writing is still reported every 64k rows.
        Assert.Contains(console.Reports, r => r.Phase == 2 && r.Fraction is > 0 and < 1 && r.Detail!.EndsWith(" of 140,000 rows", StringComparison.Ordinal));
        Assert.Equal(new PhaseProgress(2, 1, "140,000 of 140,000 rows"), console.Reports[^1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Anonymize_cancelled_while_reading_or_writing_says_so_exits_130_and_writes_nothing(int phase)
    {
        using var folder = new TempFolder();
        var (config, input) = ProgressAndCancellationTests.ScaledAdult(folder);
        using var cancel = new CancellationTokenSource();
        var console = new RecordingConsole(p =>
        {
            if (p.Phase == phase && p.Fraction is > 0 and < 1)
            {
                cancel.Cancel();
            }
        });
        var output = folder.File("out.csv");
        var code = Invoke(console, cancel.Token, "anonymize", "--input", input, "--config", config, "--output", output);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal(["Cancelled; nothing was written."], console.Errors);
        Assert.Equal(phase, console.Reports[^1].Phase);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(Path.ChangeExtension(output, ".report.json")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.sanitas-*"));
    }
}
