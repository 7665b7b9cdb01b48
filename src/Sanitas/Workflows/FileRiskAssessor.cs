using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Risk;
using Sanitas.Risk.Attacks;

namespace Sanitas.Workflows;

/// <summary>
/// Measures the re-identification risk of a CSV file with the quasi-identifiers of an
/// anonymization configuration, runs the simulated attacks of its <c>risk: attacks:</c> list (and
/// <see cref="RiskRequest.Attacks"/>), judges it all against the configuration's <c>risk:</c>
/// thresholds (each attack as <c>maxAttackAdvantage:NAME</c>) and writes the JSON report (and optionally the HTML page). The report is written whether the data
/// passes or fails; nothing is written when the input or configuration is invalid.
/// </summary>
public static class FileRiskAssessor
{
    /// <summary>Reads, measures, judges and writes.</summary>
    /// <param name="request">The files and overrides.</param>
    /// <param name="progress">Receives progress as a fraction in [0, 1].</param>
    /// <param name="cancellationToken">Cancels the work; nothing is written then.</param>
    /// <exception cref="ConfigException">The configuration is invalid, a quasi-identifier is not a column, or an attack does not fit the files (the message names the line).</exception>
    /// <exception cref="FileNotFoundException">The <see cref="RiskRequest.KnownPath"/> file does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, during the measures or the attacks; nothing is written.</exception>
    /// <exception cref="SanitasDataException">The input or population is malformed, or the population does not match the sample.</exception>
    /// <exception cref="InvalidOptionException">No input or report is given, or an override is out of range.</exception>
    public static async Task<RiskReport> RunAsync(RiskRequest request, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ConfigPath);
        ArgumentException.ThrowIfNullOrEmpty(request.ReportPath);
        var loaded = await AnonymizationConfigLoader.LoadAsync(request.ConfigPath, cancellationToken).ConfigureAwait(false);
        var input = Path.GetFullPath(request.InputPath ?? loaded.Input ?? throw InvalidOptionException.Of("input", $"No input file: give one, or set 'input' in {request.ConfigPath}."));
        var delimiter = loaded.Delimiter ?? FileAnonymizer.DetectDelimiter(input);
        var table = CsvReader.Read(input, new CsvOptions { Delimiter = delimiter }, cancellationToken);
        progress?.Report(0.2);
        var qis = loaded.QuasiIdentifiers(table, Path.GetFileName(input));
        Table? population = null;
        if (request.PopulationPath is { } populationPath)
        {
            var full = Path.GetFullPath(populationPath);
            population = CsvReader.Read(full, new CsvOptions { Delimiter = loaded.Delimiter ?? FileAnonymizer.DetectDelimiter(full) }, cancellationToken);
        }
        var settings = loaded.Risk ?? new RiskSettings();
        var options = new RiskOptions
        {
            Threshold = request.Threshold ?? settings.Threshold,
            SamplingFraction = request.SamplingFraction ?? settings.SamplingFraction,
            Population = population,
            PopulationName = request.PopulationPath is null ? null : Path.GetFileName(request.PopulationPath),
        };
        if (!(options.Threshold >= 0 && options.Threshold <= 1))
        {
            throw InvalidOptionException.Of("threshold", $"`threshold` must be between 0 and 1, got {options.Threshold}.");
        }
        if (!(options.SamplingFraction > 0 && options.SamplingFraction <= 1))
        {
            throw InvalidOptionException.Of("samplingFraction", $"`samplingFraction` must be in (0, 1], got {options.SamplingFraction}.");
        }
        var attacks = Attacks(settings, request);
        CheckColumns(attacks, table, Path.GetFileName(input));
        var measures = RiskMeasures.Measure(table, qis, options, cancellationToken);
        progress?.Report(attacks.Count == 0 ? 0.9 : 0.5);
        AttackReport[]? results = null;
        if (attacks.Count > 0)
        {
            var slice = progress is null ? null : new RiskAttackRunner.Slice(progress, 0.5, 0.4);
            var known = request.KnownPath is null ? null : Path.GetFullPath(request.KnownPath);
            results = RiskAttackRunner.Run(attacks, input, request.ConfigPath, qis, known, slice, cancellationToken);
        }
        var report = RiskReport.Create(measures, settings.Thresholds(), results?.Select(r => r.Result).ToArray(), input, results is null ? null : [.. attacks.Select(a => a.Name)]);
        if (results is not null)
        {
            report = report with { AttackDetails = [.. results.Select(r => r.Details)] };
        }
        cancellationToken.ThrowIfCancellationRequested();
        await RiskReport.WriteAtomicallyAsync(request.ReportPath, report.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
        if (request.HtmlPath is { } html)
        {
            await RiskReport.WriteAtomicallyAsync(html, report.ToHtml(), cancellationToken).ConfigureAwait(false);
        }
        progress?.Report(1);
        return report;
    }

    // Fail before the measures when a configured attack names a column the assessed file lacks.
    private static void CheckColumns(List<RiskAttackSettings> attacks, Table table, string tableName)
    {
        foreach (var attack in attacks.Where(a => a.Place.SourceName is not null))
        {
            var missing = (attack.QuasiIdentifiers ?? []).FirstOrDefault(q => !table.TryGetColumn(q, out _));
            if (missing is not null)
            {
                throw attack.QuasiIdentifiersPlace.Error($"attack '{attack.Name}': the quasi-identifier '{missing}' is not a column of '{tableName}'. Columns: {string.Join(", ", table.ColumnNames)}.");
            }
            if (attack.Sensitive is { } sensitive && !table.TryGetColumn(sensitive, out _))
            {
                throw attack.Place.Error($"attack '{attack.Name}': the sensitive attribute '{sensitive}' is not a column of '{tableName}'. Columns: {string.Join(", ", table.ColumnNames)}.");
            }
        }
    }

    private static List<RiskAttackSettings> Attacks(RiskSettings settings, RiskRequest request)
    {
        var attacks = settings.Attacks.ToList();
        foreach (var kind in request.Attacks ?? [])
        {
            if (kind != LinkageAttack.Kind)
            {
                throw InvalidOptionException.Of("attack", $"`attack`: unknown attack '{kind}'; on the command line: {LinkageAttack.Kind} (configure inference under 'risk: attacks:').");
            }
            if (!attacks.Exists(a => a.Name == kind))
            {
                attacks.Add(new RiskAttackSettings { Kind = kind, Name = kind });
            }
        }
        if (request.KnownPath is { } known && !File.Exists(known))
        {
            throw new FileNotFoundException($"`known`: file not found: {Path.GetFullPath(known)}", known);
        }
        return attacks;
    }
}
