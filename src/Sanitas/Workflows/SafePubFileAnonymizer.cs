using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Workflows;

/// <summary>
/// <c>sanitas anonymize</c> for a configuration with <c>differential-privacy</c>: in the order the
/// privacy principles ask, checks the configuration and the input's header (no value read), derives
/// β and k, charges (ε, δ) to the analyst's ledger when one is given, then reads the data, runs
/// <see cref="SafePub"/> with <see cref="SecureRandom"/> and writes the CSV and the report atomically.
/// After the charge no error names a value or a row: a failure is one fixed sentence.
/// </summary>
public static class SafePubFileAnonymizer
{
    /// <summary>The message of any failure after the charge: fixed, so it carries nothing about the data.</summary>
    public const string FailedAfterCharge =
        "The differentially private anonymization failed after the budget was charged (the charge stands). The cause is not shown because it could depend on the data; check the input file with the data owner's tools.";

    /// <summary>Runs the release.</summary>
    /// <param name="configPath">The YAML configuration with a <c>differential-privacy</c> entry under <c>privacy</c>.</param>
    /// <param name="inputPath">The CSV, or <see langword="null"/> for the configuration's <c>input</c>.</param>
    /// <param name="outputPath">The anonymized CSV, or <see langword="null"/> for the configuration's <c>output</c>.</param>
    /// <param name="reportPath">The JSON report (default: the configuration's <c>report</c>, else the output with extension .report.json).</param>
    /// <param name="ledger">The budget ledger (SQLite file or Npgsql connection string), or <see langword="null"/> to charge nothing (the operator's own data).</param>
    /// <param name="analyst">The analyst charged; required with a ledger.</param>
    /// <param name="dataset">The ledger's dataset name (default: the ledger database's name).</param>
    /// <param name="progress">Receives the share of search steps done.</param>
    /// <param name="cancellationToken">Cancels; nothing is written then.</param>
    /// <exception cref="ConfigException">The configuration is invalid.</exception>
    /// <exception cref="AnonymizationException">The configuration does not describe a SafePub release.</exception>
    /// <exception cref="PrivacyBudgetExceededException">The budget does not cover (ε, δ); nothing was charged, read or written.</exception>
    public static async Task<SafePubReport> RunAsync(string configPath, string? inputPath, string? outputPath, string? reportPath,
        string? ledger, string? analyst, string? dataset, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        var loaded = AnonymizationConfigLoader.Load(configPath);
        var settings = loaded.DifferentialPrivacy ?? throw new AnonymizationException($"{configPath} has no differential-privacy entry under 'privacy'.");
        if (loaded.Risk is not null)
        {
            throw new AnonymizationException($"{configPath}: a 'risk:' loop re-runs the anonymization on the data until it passes, which a differentially private release cannot do; remove 'risk:' (measure risk on the output afterwards).");
        }
        var attributes = new Dictionary<string, AttributeSettings>(StringComparer.Ordinal);
        foreach (var attribute in loaded.Attributes)
        {
            if (attribute.Role == AttributeRole.QuasiIdentifying && attribute.Hierarchy?.Declared is null)
            {
                throw attribute.Place.Error($"the quasi-identifier '{attribute.Name}' has a hierarchy built from the column's values; differential privacy needs a hierarchy declared without the data (a hierarchy file).");
            }
            attributes[attribute.Name] = new AttributeSettings(attribute.Role, attribute.Hierarchy?.Declared);
        }
        var config = new AnonymizationConfig { Attributes = attributes, Models = [], DifferentialPrivacy = settings };
        var input = Path.GetFullPath(inputPath ?? loaded.Input ?? throw InvalidOptionException.Of("input", $"No input file: give one, or set 'input' in {configPath}."));
        var output = Path.GetFullPath(outputPath ?? loaded.Output ?? throw InvalidOptionException.Of("output", $"No output file: give one, or set 'output' in {configPath}."));
        var report = Path.GetFullPath(reportPath ?? loaded.Report ?? Path.ChangeExtension(output, ".report.json"));
        if (input == output || input == report || output == report)
        {
            throw InvalidOptionException.Of("output", $"The input, output and report must be different files (input {input}, output {output}, report {report}).");
        }
        var delimiter = loaded.Delimiter ?? FileAnonymizer.DetectDelimiter(input);
        var header = ReadHeader(input, delimiter);
        SafePub.CheckRelease(header, config);
        SafePub.Derive(settings);
        if (ledger is not null && string.IsNullOrWhiteSpace(analyst))
        {
            throw InvalidOptionException.Of("analyst", "A ledger charges an analyst: give `analyst` NAME with `ledger`.");
        }

        LedgerEntry? charge = null;
        if (ledger is not null)
        {
            var book = BudgetLedger.Open(ledger, createIfMissing: false);
            charge = await book.ChargeAsync(analyst!, dataset ?? BudgetLedger.DatasetName(ledger), settings.Epsilon, settings.Delta,
                $"anonymize (SafePub) {Path.GetFileName(input)}", cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var table = CsvReader.Read(input, new CsvOptions { Delimiter = delimiter }, cancellationToken);
            var result = await Task.Run(() => SafePub.Anonymize(table, config, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            var safePubReport = new SafePubReport { Result = result, Input = input, Output = output, ReportPath = report, Charge = charge };
            using var outputFile = AtomicFile.Begin(output);
            using var reportFile = AtomicFile.Begin(report);
            using (var stream = outputFile.OpenWrite())
            {
                CsvWriter.Write(result.Output, stream, delimiter, cancellationToken);
            }
            using (var stream = reportFile.OpenWrite())
            {
                stream.Write(new System.Text.UTF8Encoding(false).GetBytes(safePubReport.ToJson() + "\n"));
            }
            cancellationToken.ThrowIfCancellationRequested();
            outputFile.Commit();
            reportFile.Commit();
            return safePubReport;
        }
        catch (Exception e) when (charge is not null && e is not OperationCanceledException)
        {
            throw new SanitasDataException(FailedAfterCharge);
        }
    }

    private static string[] ReadHeader(string path, char delimiter)
    {
        using var reader = new StreamReader(path);
        var line = reader.ReadLine() ?? throw new SanitasDataException($"{Path.GetFileName(path)}: the file is empty (expected a header row).");
        return [.. CsvReader.Parse(new StringReader(line + "\n"), Path.GetFileName(path), new CsvOptions { Delimiter = delimiter }).ColumnNames];
    }
}
