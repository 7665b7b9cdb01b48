using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Risk;
using Sanitas.Risk.Attacks;

namespace Sanitas.Workflows;

/// <summary>
/// <c>sanitas anonymize</c> with the closed loop: when the configuration has a <c>risk:</c>
/// section, anonymizes with <see cref="RiskLoop"/> until the output passes the thresholds and
/// records every step in the report's <c>riskLoop</c>; without one, exactly <see cref="FileAnonymizer.Run"/>.
/// The anonymized CSV is written only when the output passes; a failing loop writes the report alone.
/// </summary>
public static class RiskLoopFileAnonymizer
{
    /// <summary>Reads, anonymizes (in a loop when the configuration asks for it) and writes.</summary>
    /// <param name="configPath">The YAML configuration.</param>
    /// <param name="inputPath">The CSV to anonymize, or <see langword="null"/> for the configuration's <c>input</c>.</param>
    /// <param name="outputPath">Where to write the anonymized CSV, or <see langword="null"/> for the configuration's <c>output</c>.</param>
    /// <param name="reportPath">Where to write the JSON report (default as <see cref="FileAnonymizer.Run"/>).</param>
    /// <param name="progress">Receives progress phase by phase (as <see cref="FileAnonymizer.Run"/>; with a risk loop, the search phase restarts at every step).</param>
    /// <param name="cancellationToken">Cancels the work; nothing is written then.</param>
    /// <returns>The report; <see cref="AnonymizationReport.Output"/> is <see langword="null"/> when the loop failed and no output was written.</returns>
    public static AnonymizationReport Run(string configPath, string? inputPath, string? outputPath, string? reportPath = null,
        IProgress<AnonymizationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(configPath, inputPath, outputPath, reportPath, null, progress, cancellationToken);

    /// <summary>
    /// As <see cref="Run(string, string?, string?, string?, IProgress{AnonymizationProgress}?, CancellationToken)"/>, and when
    /// <paramref name="htmlPath"/> is given also writes the before/after page of <see cref="AnonymizationComparisonHtml"/>
    /// (with the output and the report: all or nothing).
    /// </summary>
    /// <param name="configPath">The YAML configuration.</param>
    /// <param name="inputPath">The CSV to anonymize, or <see langword="null"/> for the configuration's <c>input</c>.</param>
    /// <param name="outputPath">Where to write the anonymized CSV, or <see langword="null"/> for the configuration's <c>output</c>.</param>
    /// <param name="reportPath">Where to write the JSON report (default as <see cref="FileAnonymizer.Run"/>).</param>
    /// <param name="htmlPath">Where to write the HTML comparison, or <see langword="null"/> for none.</param>
    /// <param name="progress">Receives progress phase by phase (as <see cref="FileAnonymizer.Run"/>; with a risk loop, the search phase restarts at every step).</param>
    /// <param name="cancellationToken">Cancels the work; nothing is written then.</param>
    public static AnonymizationReport Run(string configPath, string? inputPath, string? outputPath, string? reportPath, string? htmlPath,
        IProgress<AnonymizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        var side = htmlPath is null ? null : new FileAnonymizer.SideFile(htmlPath, AnonymizationComparisonHtml.Render);
        var loaded = AnonymizationConfigLoader.Load(configPath);
        if (loaded.Risk is not { } risk)
        {
            return FileAnonymizer.RunWith(configPath, inputPath, outputPath, reportPath, progress, streaming: null, cancellationToken, side);
        }
        var input = Path.GetFullPath(inputPath ?? loaded.Input ?? throw InvalidOptionException.Of("input", $"No input file: give one, or set 'input' in {configPath}."));
        var output = Path.GetFullPath(outputPath ?? loaded.Output ?? throw InvalidOptionException.Of("output", $"No output file: give one, or set 'output' in {configPath}."));
        var report = Path.GetFullPath(reportPath ?? loaded.Report ?? Path.ChangeExtension(output, ".report.json"));
        if (input == output || input == report || output == report)
        {
            throw InvalidOptionException.Of("output", $"The input, output and report must be different files (input {input}, output {output}, report {report}).");
        }
        FileAnonymizer.CheckSide(side, input, output, report);
        var delimiter = loaded.Delimiter ?? FileAnonymizer.DetectDelimiter(input);
        var phases = new PhaseReporter(progress);
        phases.Report(AnonymizationPhase.Reading, 0, 0, null);
        var table = CsvReader.Read(input, new CsvOptions { Delimiter = delimiter, Progress = phases.Reading(() => 0) }, cancellationToken);
        phases.End(AnonymizationPhase.Reading, table.RowCount, table.RowCount);
        var config = loaded.Resolve(table, Path.GetFileName(input));
        var loop = RiskLoop.Run(table, config, risk, phases.Searching(table.RowCount), cancellationToken);
        phases.End(AnonymizationPhase.Searching, table.RowCount, table.RowCount);
        var anonymizationReport = AnonymizationReport.Create(loop.Result, loop.Config, input, loop.Passed ? output : null) with { ReportPath = report, RiskLoop = loop.Steps };

        (string Path, string Content)? sideContent = side is null ? null : (Path.GetFullPath(side.Path), side.Render(table, loop.Result, anonymizationReport, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        phases.Report(AnonymizationPhase.Writing, 0, 0, table.RowCount);
        FileAnonymizer.WriteBoth(loop.Passed ? loop.Result.Output : null, output, delimiter, anonymizationReport, report, cancellationToken, sideContent, phases);
        phases.End(AnonymizationPhase.Writing, table.RowCount, table.RowCount);
        return anonymizationReport;
    }
}
