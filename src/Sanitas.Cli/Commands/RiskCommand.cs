using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Risk;
using Sanitas.Workflows;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas risk</c>: measures the re-identification risk of a CSV file and judges it against the configuration's thresholds.</summary>
internal sealed class RiskCommand : Command
{
    private readonly Option<string> _input = new("--input", "-i") { Description = "The CSV file to assess (raw or anonymized; default: the configuration's 'input').", };
    private readonly Option<string> _config = new("--config", "-c") { Description = "The anonymization configuration: its quasi-identifiers and its 'risk:' thresholds.", Required = true };
    private readonly Option<string> _report = new("--report", "-r") { Description = "Where to write the JSON report (written whether the data passes or fails).", Required = true };
    private readonly Option<string?> _html = new("--html") { Description = "Where to write a self-contained HTML report." };
    private readonly Option<double?> _threshold = new("--threshold") { Description = "The per-record risk above which a record counts as at risk (default: the configuration's, else 0.2)." };
    private readonly Option<double?> _fraction = new("--sampling-fraction") { Description = "The sample's share of the population, for the uniqueness models and the individual risk (default: the configuration's, else 0.1)." };
    private readonly Option<string?> _population = new("--population") { Description = "A population CSV (same quasi-identifiers, same representation) for the journalist and marketer risks." };
    private readonly Option<string[]> _attack = new("--attack") { Description = "Also run this attack (linkage: on the configuration's quasi-identifiers), besides the configuration's 'risk: attacks:'; judged against 'maxAttackAdvantage'.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _known = new("--known") { Description = "The adversary's identified table (CSV, raw values) for every attack whose configuration names none (default: the assessed file)." };

    public RiskCommand(ICliConsole console)
        : base("risk", "Measure re-identification risk (prosecutor, journalist, marketer, uniqueness, individual risk, SUDA), run the configured attacks, and judge it all against thresholds: exit 0 pass, 5 fail.")
    {
        Options.Add(_input);
        Options.Add(_config);
        Options.Add(_report);
        Options.Add(_html);
        Options.Add(_threshold);
        Options.Add(_fraction);
        Options.Add(_population);
        Options.Add(_attack);
        Options.Add(_known);
        SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var request = new RiskRequest
            {
                ConfigPath = parse.GetValue(_config)!,
                InputPath = parse.GetValue(_input),
                ReportPath = parse.GetValue(_report)!,
                HtmlPath = parse.GetValue(_html),
                Threshold = parse.GetValue(_threshold),
                SamplingFraction = parse.GetValue(_fraction),
                PopulationPath = parse.GetValue(_population),
                Attacks = parse.GetValue(_attack),
                KnownPath = parse.GetValue(_known),
            };
            var report = console.RunWithProgress("Measuring risk", progress => FileRiskAssessor.RunAsync(request, progress, ct).GetAwaiter().GetResult());
            WriteSummary(console, report);
            console.WriteLine($"Report:              {Path.GetFullPath(request.ReportPath)}");
            if (request.HtmlPath is { } html)
            {
                console.WriteLine($"HTML:                {Path.GetFullPath(html)}");
            }
            return report.Passed ? ExitCodes.Success : ExitCodes.RiskThresholdExceeded;
        }), CancellationToken.None));
    }

    internal static void WriteLoop(ICliConsole console, IReadOnlyList<RiskLoopStep> steps)
    {
        string N(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        console.WriteTable(["Step", "Change", "Settings", "Highest", "Average", "At risk", "Pop. uniques", "Verdict"],
            steps.Select(s => (IReadOnlyList<string>)
            [
                s.Step.ToString(CultureInfo.InvariantCulture),
                s.Change ?? "(configured)",
                string.Join(", ", s.Settings.Select(p => $"{p.Key} {N(p.Value)}")),
                s.Measures.TryGetValue("prosecutorHighest", out var h) ? N(h) : "-",
                s.Measures.TryGetValue("prosecutorAverage", out var a) ? N(a) : "-",
                s.Measures.TryGetValue("recordsAtRisk", out var r) ? N(r) : "-",
                s.Measures.TryGetValue("populationUniques", out var u) ? N(u) : "-",
                s.FailedChecks.Count == 0 ? s.Verdict : $"{s.Verdict} ({string.Join(", ", s.FailedChecks)})",
            ]));
        if (steps.Count > 0 && steps[^1].Verdict != "pass")
        {
            console.WriteLine("Risk loop:           the output still fails the thresholds; no anonymized file was written.");
        }
    }

    internal static void WriteSummary(ICliConsole console, RiskReport report)
    {
        string N(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        console.WriteTable(["Measure", "Value"],
        [
            ["Prosecutor risk, highest", N(report.Prosecutor.Highest)],
            ["Prosecutor risk, average", N(report.Prosecutor.Average)],
            ["Records at risk", N(report.Prosecutor.RecordsAtRisk)],
            ["Journalist risk, highest", N(report.Journalist.Highest)],
            ["Marketer risk", N(report.Marketer)],
            ["Sample uniques", N(report.SampleUniques)],
            [$"Population uniques ({report.PopulationUniques.Model})", N(report.PopulationUniques.Value)],
            ["Global risk (sdcMicro)", N(report.GlobalRisk.Mean)],
            ["SUDA special uniques", (report.Suda?.RecordsWithMsu ?? 0).ToString("N0", CultureInfo.InvariantCulture)],
        ]);
        if (report.Attacks.Count > 0)
        {
            string R(double x) => x.ToString(x != 0 && Math.Abs(x) < 0.001 ? "0.00E+0" : "0.0000", CultureInfo.InvariantCulture);
            console.WriteTable(["Attack", "Trials", "Success rate", "95% interval", "Baseline", "Advantage", "Limit"],
                report.Attacks.Select((a, i) =>
                {
                    var name = report.AttackNames?[i] ?? a.Kind;
                    var limit = report.AttackNames is null ? report.Thresholds.MaxAttackAdvantage : report.Thresholds.AttackLimit(name);
                    return (IReadOnlyList<string>)
                    [
                        name, a.Trials.ToString("N0", CultureInfo.InvariantCulture), R(a.SuccessRate), $"[{R(a.Interval.Lower)}, {R(a.Interval.Upper)}]",
                        R(a.Baseline), R(a.Advantage), limit is { } l ? R(l) : "-",
                    ];
                }));
            foreach (var (a, i) in report.Attacks.Select((a, i) => (a, i)))
            {
                var details = report.AttackDetails?[i];
                var extra = details switch
                {
                    not null when details.TryGetValue("uniqueMatches", out var u) => $" Certain re-identifications: {u.ToString("N0", CultureInfo.InvariantCulture)}; highest per-person success {R(details.GetValueOrDefault("highestSuccess"))}; records not released {details.GetValueOrDefault("notReleased").ToString("N0", CultureInfo.InvariantCulture)}.",
                    not null when details.TryGetValue("randomGuessRate", out var g) => $" Random guess from the release {R(g)}; persons without a compatible record {details.GetValueOrDefault("noCandidates").ToString("N0", CultureInfo.InvariantCulture)}.",
                    _ => "",
                };
                console.WriteLine($"{report.AttackNames?[i] ?? a.Kind}: {a.Description}.{extra}");
            }
        }
        foreach (var check in report.Checks)
        {
            console.WriteLine($"{(check.Passed ? "pass" : "FAIL")}  {check.Name}: {N(check.Value)} (limit {N(check.Limit)})");
        }
        console.WriteLine($"Verdict:             {report.Verdict}");
    }
}
