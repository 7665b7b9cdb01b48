using Sanitas.Anonymization;
using Sanitas.Anonymization.SetValued;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Risk;
using Sanitas.Risk.Attacks;

namespace Sanitas.Workflows;

/// <summary>
/// Anonymizes a CSV file as a YAML configuration says, and writes the anonymized CSV (same
/// delimiter as the input) and the JSON report. Nothing is written unless everything succeeded:
/// both files are first written next to their targets under temporary names and moved into
/// place at the end.
/// </summary>
public static class FileAnonymizer
{
    private const int DelimiterSampleChars = 1 << 16;

    /// <summary>Reads, anonymizes, and writes the output and the report.</summary>
    /// <param name="configPath">The YAML configuration (see <see cref="AnonymizationConfigLoader"/>).</param>
    /// <param name="inputPath">The CSV to anonymize, or <see langword="null"/> for the configuration's <c>input</c>.</param>
    /// <param name="outputPath">Where to write the anonymized CSV, or <see langword="null"/> for the configuration's <c>output</c>.</param>
    /// <param name="reportPath">
    /// Where to write the JSON report, or <see langword="null"/> for the configuration's <c>report</c>,
    /// else the output's path with the extension <c>.report.json</c>.
    /// </param>
    /// <param name="progress">
    /// Receives progress phase by phase (reading, searching, writing; see <see cref="AnonymizationProgress"/>), on the calling thread,
    /// about every 64k records or percent of the file.
    /// </param>
    /// <param name="cancellationToken">Cancels the work, in any phase (checked as often as progress is reported); nothing is written then.</param>
    /// <returns>The report, whose <see cref="AnonymizationReport.Output"/> and <see cref="AnonymizationReport.ReportPath"/> say where the files went.</returns>
    /// <exception cref="ConfigException">The configuration is invalid or does not fit the table.</exception>
    /// <exception cref="CsvFormatException">The input is malformed.</exception>
    /// <exception cref="HierarchyException">A hierarchy lacks values that occur in the data.</exception>
    /// <exception cref="AnonymizationException">No transformation satisfies the models, or the configuration does not fit the table.</exception>
    /// <exception cref="InvalidOptionException">No input or output is given, or two of the files are the same.</exception>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled; nothing was written.</exception>
    public static AnonymizationReport Run(string configPath, string? inputPath, string? outputPath, string? reportPath = null,
        IProgress<AnonymizationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunWith(configPath, inputPath, outputPath, reportPath, progress, streaming: null, cancellationToken);

    /// <summary>
    /// Files of at least this many bytes are anonymized in two streaming passes
    /// (<see cref="StreamingFileAnonymizer"/>) instead of being read into memory.
    /// </summary>
    internal const long StreamingThresholdBytes = 32L << 20;

    /// <summary>
    /// As the public overload; <paramref name="streaming"/> forces the streaming (true) or in-memory (false) path, null picks by file size;
    /// <paramref name="side"/> is a third file rendered from the input and the result, written with the others (all or none; in-memory path only).
    /// </summary>
    internal static AnonymizationReport RunWith(string configPath, string? inputPath, string? outputPath, string? reportPath,
        IProgress<AnonymizationProgress>? progress, bool? streaming, CancellationToken cancellationToken, SideFile? side = null)
    {
        var phases = new PhaseReporter(progress);
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        var loaded = AnonymizationConfigLoader.Load(configPath);
        var input = Path.GetFullPath(inputPath ?? loaded.Input ?? throw InvalidOptionException.Of("input", $"No input file: give one, or set 'input' in {configPath}."));
        var output = Path.GetFullPath(outputPath ?? loaded.Output ?? throw InvalidOptionException.Of("output", $"No output file: give one, or set 'output' in {configPath}."));
        var report = Path.GetFullPath(reportPath ?? loaded.Report ?? Path.ChangeExtension(output, ".report.json"));
        if (PathsEqual(input, output) || PathsEqual(input, report) || PathsEqual(output, report))
        {
            throw InvalidOptionException.Of("output", $"The input, output and report must be different files (input {input}, output {output}, report {report}).");
        }
        CheckSide(side, input, output, report);

        var delimiter = loaded.Delimiter ?? DetectDelimiter(input);
        if (streaming ?? (File.Exists(input) && new FileInfo(input).Length >= StreamingThresholdBytes))
        {
            if (side is not null)
            {
                throw new InvalidOptionException($"The HTML report compares the tables in memory, but {input} is streamed (files of {StreamingThresholdBytes >> 20} MiB or more); leave out --html, or measure risk with 'sanitas risk'.");
            }
            if (loaded.SetValued is not null)
            {
                throw new InvalidOptionException($"'set-valued:' joins the item sets to the table in memory, but {input} is streamed (files of {StreamingThresholdBytes >> 20} MiB or more); anonymize the sets with 'sanitas km-anonymize'.");
            }
            return StreamingFileAnonymizer.Run(loaded, input, output, report, delimiter, phases, cancellationToken);
        }
        phases.Report(AnonymizationPhase.Reading, 0, 0, null);
        var table = CsvReader.Read(input, new CsvOptions { Delimiter = delimiter, Progress = phases.Reading(() => 0) }, cancellationToken);
        phases.End(AnonymizationPhase.Reading, table.RowCount, table.RowCount);
        var config = loaded.Resolve(table, Path.GetFileName(input));
        var result = Anonymizer.Anonymize(table, config, phases.Searching(table.RowCount), cancellationToken);
        phases.End(AnonymizationPhase.Searching, table.RowCount, table.RowCount);
        var anonymizationReport = AnonymizationReport.Create(result, config, input, output) with { ReportPath = report };
        var written = result.Output;
        if (loaded.SetValued is { } setValued)
        {
            (written, var km) = SetValuedColumn.Append(written, table, setValued, cancellationToken);
            anonymizationReport = anonymizationReport with { SetValued = SetValuedReport.Create(setValued, km) };
        }

        (string Path, string Content)? sideContent = side is null ? null : (Path.GetFullPath(side.Path), side.Render(table, result, anonymizationReport, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        phases.Report(AnonymizationPhase.Writing, 0, 0, table.RowCount);
        WriteBoth(written, output, delimiter, anonymizationReport, report, cancellationToken, sideContent, phases);
        phases.End(AnonymizationPhase.Writing, table.RowCount, table.RowCount);
        return anonymizationReport;
    }

    /// <summary>A further file written with the output and the report, rendered from the input table, the result and the report.</summary>
    internal sealed record SideFile(string Path, Func<Table, AnonymizationResult, AnonymizationReport, CancellationToken, string> Render);

    internal static void CheckSide(SideFile? side, params string[] others)
    {
        if (side is not null && others.Any(o => PathsEqual(o, System.IO.Path.GetFullPath(side.Path))))
        {
            throw new InvalidOptionException($"The HTML report must be a file other than the input, output and report ({System.IO.Path.GetFullPath(side.Path)}).");
        }
    }

    /// <summary>The delimiter <see cref="CsvReader"/> would detect for a file.</summary>
    internal static char DetectDelimiter(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[DelimiterSampleChars];
        var count = reader.ReadBlock(buffer);
        return CsvParser.DetectDelimiter(buffer.AsSpan(0, count), complete: count < buffer.Length);
    }

    /// <summary>
    /// Writes the anonymized table (when given) and the report, each through an <see cref="AtomicFile"/>;
    /// both are renamed into place only after both are complete. <paramref name="phases"/> receives the rows written every 64k rows.
    /// </summary>
    internal static void WriteBoth(Table? table, string output, char delimiter, AnonymizationReport report, string reportPath, CancellationToken cancellationToken,
        (string Path, string Content)? side = null, PhaseReporter? phases = null)
    {
        using var outputFile = table is null ? null : AtomicFile.Begin(output);
        using var reportFile = AtomicFile.Begin(reportPath);
        using var sideFile = side is null ? null : AtomicFile.Begin(side.Value.Path);
        if (sideFile is not null)
        {
            using var stream = sideFile.OpenWrite();
            stream.Write(new System.Text.UTF8Encoding(false).GetBytes(side!.Value.Content));
            stream.Flush(flushToDisk: true);
        }
        if (table is not null)
        {
            using var stream = outputFile!.OpenWrite();
            CsvWriter.Write(table, stream, delimiter, cancellationToken, phases?.Writing(table.RowCount), PhaseReporter.Stride);
            stream.Flush(flushToDisk: true);
        }
        using (var stream = reportFile.OpenWrite())
        {
            stream.Write(new System.Text.UTF8Encoding(false).GetBytes(report.ToJson() + "\n"));
            stream.Flush(flushToDisk: true);
        }
        cancellationToken.ThrowIfCancellationRequested();
        outputFile?.Commit();
        reportFile.Commit();
        sideFile?.Commit();
    }

    private static bool PathsEqual(string a, string b) => string.Equals(a, b, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
