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
    /// <param name="inputPath">The CSV to anonymize.</param>
    /// <param name="configPath">The YAML configuration (see <see cref="AnonymizationConfigLoader"/>).</param>
    /// <param name="outputPath">Where to write the anonymized CSV.</param>
    /// <param name="reportPath">Where to write the JSON report, or <see langword="null"/> for none.</param>
    /// <param name="progress">Receives search progress.</param>
    /// <param name="cancellationToken">Cancels the work; nothing is written then.</param>
    /// <returns>The report (also written to <paramref name="reportPath"/>).</returns>
    /// <exception cref="ConfigException">The configuration is invalid or does not fit the table.</exception>
    /// <exception cref="CsvFormatException">The input is malformed.</exception>
    /// <exception cref="HierarchyException">A hierarchy lacks values that occur in the data.</exception>
    /// <exception cref="AnonymizationException">No transformation satisfies the models, or the configuration does not fit the table.</exception>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    public static AnonymizationReport Run(string inputPath, string configPath, string outputPath, string? reportPath,
        IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var input = Path.GetFullPath(inputPath);
        var output = Path.GetFullPath(outputPath);
        var report = reportPath is null ? null : Path.GetFullPath(reportPath);
        if (PathsEqual(input, output) || (report is not null && (PathsEqual(input, report) || PathsEqual(output, report))))
        {
            throw new ArgumentException($"The input, output and report must be different files (input {input}, output {output}, report {report}).");
        }

        var loaded = AnonymizationConfigLoader.Load(configPath);
        var delimiter = loaded.Delimiter ?? DetectDelimiter(input);
        var table = CsvReader.Read(input, new CsvOptions { Delimiter = delimiter }, cancellationToken);
        var config = loaded.Resolve(table, Path.GetFileName(input));
        var result = Anonymizer.Anonymize(table, config, progress, cancellationToken);
        var anonymizationReport = AnonymizationReport.Create(result, config, input, output);

        cancellationToken.ThrowIfCancellationRequested();
        var tempOutput = TempPath(output);
        var tempReport = report is null ? null : TempPath(report);
        try
        {
            CsvWriter.Write(result.Output, tempOutput, delimiter, cancellationToken);
            if (tempReport is not null)
            {
                anonymizationReport.Write(tempReport);
            }
            File.Move(tempOutput, output, overwrite: true);
            if (tempReport is not null)
            {
                File.Move(tempReport, report!, overwrite: true);
            }
        }
        finally
        {
            File.Delete(tempOutput);
            if (tempReport is not null)
            {
                File.Delete(tempReport);
            }
        }
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

    private static bool PathsEqual(string a, string b) => string.Equals(a, b, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    private static string TempPath(string path)
    {
        var folder = Path.GetDirectoryName(path) ?? ".";
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.part");
    }
}
