using Sanitas.Anonymization.SetValued;
using Sanitas.Data;

namespace Sanitas.Anonymization;

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
    /// <param name="progress">Receives search progress.</param>
    /// <param name="cancellationToken">Cancels the work; nothing is written then.</param>
    /// <returns>The report, whose <see cref="AnonymizationReport.Output"/> and <see cref="AnonymizationReport.ReportPath"/> say where the files went.</returns>
    /// <exception cref="ConfigException">The configuration is invalid or does not fit the table.</exception>
    /// <exception cref="CsvFormatException">The input is malformed.</exception>
    /// <exception cref="HierarchyException">A hierarchy lacks values that occur in the data.</exception>
    /// <exception cref="AnonymizationException">No transformation satisfies the models, or the configuration does not fit the table.</exception>
    /// <exception cref="ArgumentException">No input or output is given, or two of the files are the same.</exception>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    public static AnonymizationReport Run(string configPath, string? inputPath, string? outputPath, string? reportPath = null,
        IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        var loaded = AnonymizationConfigLoader.Load(configPath);
        var input = Path.GetFullPath(inputPath ?? loaded.Input ?? throw new ArgumentException($"No input file: give one, or set 'input' in {configPath}."));
        var output = Path.GetFullPath(outputPath ?? loaded.Output ?? throw new ArgumentException($"No output file: give one, or set 'output' in {configPath}."));
        var report = Path.GetFullPath(reportPath ?? loaded.Report ?? Path.ChangeExtension(output, ".report.json"));
        if (PathsEqual(input, output) || PathsEqual(input, report) || PathsEqual(output, report))
        {
            throw new ArgumentException($"The input, output and report must be different files (input {input}, output {output}, report {report}).");
        }

        var delimiter = loaded.Delimiter ?? DetectDelimiter(input);
        var table = CsvReader.Read(input, new CsvOptions { Delimiter = delimiter }, cancellationToken);
        var config = loaded.Resolve(table, Path.GetFileName(input));
        var result = Anonymizer.Anonymize(table, config, progress, cancellationToken);
        var anonymizationReport = AnonymizationReport.Create(result, config, input, output) with { ReportPath = report };
        var written = result.Output;
        if (loaded.SetValued is { } setValued)
        {
            (written, var km) = SetValuedColumn.Append(written, table, setValued, cancellationToken);
            anonymizationReport = anonymizationReport with { SetValued = SetValuedReport.Create(setValued, km) };
        }

        cancellationToken.ThrowIfCancellationRequested();
        WriteBoth(written, output, delimiter, anonymizationReport, report, cancellationToken);
        return anonymizationReport;
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
    /// both are renamed into place only after both are complete.
    /// </summary>
    internal static void WriteBoth(Table? table, string output, char delimiter, AnonymizationReport report, string reportPath, CancellationToken cancellationToken)
    {
        using var outputFile = table is null ? null : AtomicFile.Begin(output);
        using var reportFile = AtomicFile.Begin(reportPath);
        if (table is not null)
        {
            using var stream = outputFile!.OpenWrite();
            CsvWriter.Write(table, stream, delimiter, cancellationToken);
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
    }

    private static bool PathsEqual(string a, string b) => string.Equals(a, b, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
