using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Workflows;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas timeseries anonymize</c>: PAA, k-anonymous traces or a DP release of per-window statistics, each measured against the DTW attack.</summary>
internal sealed class TimeSeriesCommand : Command
{
    public TimeSeriesCommand(ICliConsole console)
        : base("timeseries", "Anonymize series per person (the trial's temperature traces, an ECG's leads) and measure the DTW re-identification attack before and after.")
    {
        Subcommands.Add(new AnonymizeCommand(console));
    }

    private sealed class AnonymizeCommand : Command
    {
        public AnonymizeCommand(ICliConsole console)
            : base("anonymize", "Release series by aggregation to windows (paa), as k-anonymous traces (kanon: centroids of groups of at least k, with a distortion bound) or as DP per-window statistics (dp: charged to a ledger first).")
        {
            var method = new Option<string>("--method", "-m") { Description = "paa, kanon or dp.", Required = true };
            method.AcceptOnlyFromAmong("paa", "kanon", "dp");
            var input = new Option<string?>("--input", "-i") { Description = "The input CSV: the trial's readings.csv (PatientId, Time, Foot, Sensor, Temperature), or with --time-column a wide table whose other columns are one series each. Default: simulate the trial." };
            var timeColumn = new Option<string?>("--time-column") { Description = "The input is wide: this is its time column and every other column a series (e.g. time_s of an ECG)." };
            var patients = new Option<int>("--patients") { Description = "Patients to simulate without --input.", DefaultValueFactory = _ => 300 };
            var seed = new Option<int>("--seed") { Description = "Seed of the simulated trial.", DefaultValueFactory = _ => Samples.ClinicalTrialOptions.DefaultSeed };
            var output = new Option<string>("--out", "-o") { Description = "The released CSV, written atomically.", Required = true };
            var length = new Option<int>("--length") { Description = "Points of each series released (the first ones).", DefaultValueFactory = _ => 56 };
            var window = new Option<int>("--window", "-w") { Description = "Points per window (PAA; also before clustering and for dp by points).", DefaultValueFactory = _ => 1 };
            var k = new Option<int>("--k") { Description = "kanon: the least group size.", DefaultValueFactory = _ => 5 };
            var maxDistortion = new Option<double?>("--max-distortion") { Description = "kanon: suppress groups whose largest member RMSE per point exceeds this." };
            var epsilon = new Option<double>("--epsilon", "-e") { Description = "dp: ε.", DefaultValueFactory = _ => 1.0 };
            var delta = new Option<double>("--delta", "-d") { Description = "dp: δ; 0 (default) uses the Laplace mechanism (ε-DP), a positive δ the Gaussian mechanism ((ε, δ)-DP, less noise over many windows)." };
            var lower = new Option<double?>("--lower") { Description = "dp: the declared least value (e.g. 20 for °C)." };
            var upper = new Option<double?>("--upper") { Description = "dp: the declared greatest value." };
            var resolution = new Option<double>("--resolution") { Description = "dp: values are counted in steps of this.", DefaultValueFactory = _ => 0.01 };
            var byHour = new Option<bool>("--by-hour") { Description = "dp: windows are the 24 hours of the day (ISO 8601 times) instead of --window points over --length." };
            var analyst = new Option<string?>("--analyst", "-a") { Description = "dp: the analyst charged." };
            var ledger = new Option<string?>("--ledger") { Description = "dp: the budget ledger (SQLite file or Npgsql connection string; must exist: sanitas budget set)." };
            var dataset = new Option<string?>("--dataset") { Description = "dp: the ledger's dataset name (default: the ledger database's name)." };
            var noLedger = new Option<bool>("--no-ledger") { Description = "dp: charge nothing (your own data)." };
            var evaluate = new Option<bool>("--evaluate") { Description = "dp with --no-ledger: compare the release with the data (error, attack); the data owner's report." };
            var shift = new Option<int>("--attack-shift") { Description = "The attack's observation starts this many points later.", DefaultValueFactory = _ => 2 };
            var noise = new Option<double>("--attack-noise") { Description = "Measurement noise of the attack's observation (standard deviation, in the series' unit).", DefaultValueFactory = _ => 0.1 };
            var band = new Option<double>("--band") { Description = "The DTW band as a share of the trace length.", DefaultValueFactory = _ => 0.1 };
            var report = new Option<string?>("--report", "-r") { Description = "Write the report (JSON) to this file." };
            foreach (var option in new Option[] { method, input, timeColumn, patients, seed, output, length, window, k, maxDistortion, epsilon, delta, lower, upper, resolution, byHour, analyst, ledger, dataset, noLedger, evaluate, shift, noise, band, report })
            {
                Options.Add(option);
            }
            SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
            {
                var request = new TimeSeriesAnonymizationRequest(parse.GetValue(method) switch
                {
                    "paa" => TimeSeriesMethod.Paa,
                    "kanon" => TimeSeriesMethod.KAnonymity,
                    _ => TimeSeriesMethod.DifferentialPrivacy,
                }, parse.GetValue(output)!)
                {
                    Input = parse.GetValue(input),
                    TimeColumn = parse.GetValue(timeColumn),
                    Patients = parse.GetValue(patients),
                    Seed = parse.GetValue(seed),
                    Length = parse.GetValue(length),
                    Window = parse.GetValue(window),
                    K = parse.GetValue(k),
                    MaxDistortion = parse.GetValue(maxDistortion),
                    Epsilon = parse.GetValue(epsilon),
                    Delta = parse.GetValue(delta),
                    Lower = parse.GetValue(lower),
                    Upper = parse.GetValue(upper),
                    Resolution = parse.GetValue(resolution),
                    ByHour = parse.GetValue(byHour),
                    Analyst = parse.GetValue(analyst),
                    Ledger = parse.GetValue(ledger),
                    Dataset = parse.GetValue(dataset),
                    NoLedger = parse.GetValue(noLedger),
                    Evaluate = parse.GetValue(evaluate),
                    AttackShift = parse.GetValue(shift),
                    AttackNoise = parse.GetValue(noise),
                    Band = parse.GetValue(band),
                };
                var result = console.RunWithProgress("Anonymizing series", progress => TimeSeriesAnonymizer.RunAsync(request, SecureRandom.Instance, progress, ct).GetAwaiter().GetResult());
                Print(console, result);
                if (parse.GetValue(report) is { } path)
                {
                    await AtomicFile.WriteAllTextAsync(path, TimeSeriesAnonymizer.ToJson(result), ct).ConfigureAwait(false);
                    console.WriteLine($"Report: {Path.GetFullPath(path)}");
                }
                return ExitCodes.Success;
            }));
        }

        private static void Print(ICliConsole console, TimeSeriesAnonymizationReport r)
        {
            var c = CultureInfo.InvariantCulture;
            console.WriteLine($"Released: {r.Output}");
            var rows = new List<string[]>();
            void Row(string name, string? value)
            {
                if (value is not null)
                {
                    rows.Add([name, value]);
                }
            }
            Row("series", r.Series?.ToString("N0", c));
            Row("groups (smallest)", r.Groups is { } g ? string.Create(c, $"{g:N0} ({r.SmallestGroup})") : null);
            Row("suppressed persons", r.Suppressed?.ToString("N0", c));
            Row("distortion bound (RMSE per point)", r.DistortionBound?.ToString("F4", c));
            Row("RMSE per point", r.RmsePerPoint?.ToString("F4", c));
            Row("mean curve, largest error", r.MeanCurveMaxError?.ToString("F4", c));
            Row("per-hour mean curve, largest error", r.PerHourMeanCurveMaxError?.ToString("F4", c));
            Row("(ε, δ) charged", r.LedgerEntry is null ? null : string.Create(c, $"({r.Epsilon:G6}, {r.Delta:G3})"));
            Row("DTW attack before (baseline)", r.AttackBefore is { } b ? string.Create(c, $"{b.SuccessRate:F4} ({b.Baseline:F4})") : null);
            Row("DTW attack after (baseline)", r.AttackAfter is { } a ? string.Create(c, $"{a.SuccessRate:F4} ({a.Baseline:F4})") : null);
            console.WriteTable(["measure", "value"], rows);
            foreach (var note in r.Notes)
            {
                console.WriteLine(note);
            }
        }
    }
}
