using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Cli.Commands;

/// <summary>
/// <c>sanitas synth timeseries</c>: synthetic insole readings with a per-patient DP guarantee,
/// charged before any value is read; <c>sanitas synth timeseries evaluate</c>: the data owner's
/// utility and DTW membership report.
/// </summary>
internal sealed class SynthTimeSeriesCommand : Command
{
    public SynthTimeSeriesCommand(ICliConsole console)
        : base("timeseries", "Generate synthetic insole readings (per patient, foot, sensor, over time) from the trial's readings.csv with a per-patient (ε, δ)-DP guarantee; charged before any value is read.")
    {
        var input = new Option<string>("--input", "-i") { Description = "The private readings CSV (PatientId, Time, Foot, Sensor, Temperature).", Required = true };
        var config = new Option<string?>("--config", "-c") { Description = "The declared settings (TRIAL-READINGS.yaml: columns, feet, sensors, bounds; e.g. samples/clinical/trial-readings-synth.yaml); default: the trial's protocol." };
        var epsilon = new Option<double>("--epsilon", "-e") { Description = "ε of the (ε, δ)-DP guarantee, per patient.", Required = true };
        var delta = new Option<double>("--delta", "-d") { Description = "δ of the guarantee.", DefaultValueFactory = _ => 1e-9 };
        var patients = new Option<int?>("--patients") { Description = "Synthetic patients (default: the DP estimate of the input's)." };
        var maxMeasurements = new Option<int>("--max-measurements") { Description = "The most measurements a patient contributes (and a synthetic patient gets); overrides the config's maxMeasurements.", DefaultValueFactory = _ => 200 };
        var output = new Option<string>("--out", "-o") { Description = "The synthetic readings CSV, written atomically.", Required = true };
        var report = new Option<string?>("--report") { Description = "The privacy log (JSON): the released means, spreads and hour shares. DP output only." };
        var analyst = new Option<string?>("--analyst", "-a") { Description = "The analyst charged." };
        var ledger = new Option<string?>("--ledger") { Description = "The budget ledger: a SQLite file or an Npgsql connection string." };
        var dataset = new Option<string?>("--dataset") { Description = "The ledger's dataset name (default: the ledger database's name)." };
        var noLedger = new Option<bool>("--no-ledger") { Description = "Synthesize without charging any ledger (your own data)." };
        foreach (var option in new Option[] { input, config, epsilon, delta, patients, maxMeasurements, output, report, analyst, ledger, dataset, noLedger })
        {
            Options.Add(option);
        }
        Subcommands.Add(new EvaluateCommand(console));
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var options = Settings(parse.GetValue(config)).ToOptions(parse.GetValue(epsilon), parse.GetValue(delta), parse.GetValue(patients));
            if (parse.GetResult(maxMeasurements) is { Implicit: false } || parse.GetValue(config) is null)
            {
                options = options with { MaxMeasurements = parse.GetValue(maxMeasurements) };
            }
            var path = parse.GetValue(output)!;
            var (log, charge) = console.RunWithProgress("Synthesizing readings", progress => TrialTimeSeriesRun.RunAsync(parse.GetValue(input)!, options, path,
                parse.GetValue(report), parse.GetValue(ledger), parse.GetValue(analyst), parse.GetValue(dataset), parse.GetValue(noLedger),
                SecureRandom.Instance, progress, ct).GetAwaiter().GetResult());
            var c = CultureInfo.InvariantCulture;
            console.WriteLine(string.Create(c, $"timeseries: {log.SyntheticPatients:N0} synthetic patients written to {path}; ρ = {log.Rho:G4} spent on {log.Steps.Count} private releases."));
            console.WriteLine(charge is { } entry
                ? string.Create(c, $"Charged ε = {entry.Epsilon:G6}, δ = {entry.Delta:G3} to '{entry.Analyst}' on '{entry.Dataset}'.")
                : string.Create(c, $"ε = {log.Epsilon:G6}, δ = {log.Delta:G3}; no ledger charged (--no-ledger)."));
            await Task.CompletedTask.ConfigureAwait(false);
            return ExitCodes.Success;
        }));
    }

    /// <summary>The declared settings of <paramref name="path"/>, or the trial protocol's defaults.</summary>
    private static TrialTimeSeriesConfig Settings(string? path) => path is null ? TrialTimeSeriesConfig.Default : TrialTimeSeriesConfig.Load(path);

    /// <summary><c>sanitas synth timeseries evaluate</c>.</summary>
    private sealed class EvaluateCommand : Command
    {
        public EvaluateCommand(ICliConsole console)
            : base("evaluate", "Compare synthetic readings with the real ones (per-hour means, autocorrelation, left-right differences, the ulcer-warning rule, DTW membership attack with --holdout). A data owner's report: not DP.")
        {
            var real = new Option<string>("--real") { Description = "The real readings CSV (the generator's input).", Required = true };
            var synthetic = new Option<string>("--synthetic") { Description = "The synthetic readings CSV.", Required = true };
            var holdout = new Option<string?>("--holdout") { Description = "Readings of real patients NOT given to the generator, for the membership attack." };
            var report = new Option<string>("--report") { Description = "The report (JSON), written atomically.", Required = true };
            var config = new Option<string?>("--config", "-c") { Description = "The declared settings the readings were synthesized with (columns, feet, sensors); default: the trial's protocol." };
            foreach (var option in new Option[] { real, synthetic, holdout, report, config })
            {
                Options.Add(option);
            }
            SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
            {
                var realTable = await CsvReader.ReadAsync(parse.GetValue(real)!, null, ct).ConfigureAwait(false);
                var syntheticTable = await CsvReader.ReadAsync(parse.GetValue(synthetic)!, null, ct).ConfigureAwait(false);
                var holdoutTable = parse.GetValue(holdout) is { } h ? await CsvReader.ReadAsync(h, null, ct).ConfigureAwait(false) : null;
                var options = Settings(parse.GetValue(config)).ToOptions(1, 1e-9);
                var e = console.RunWithProgress("Evaluating", _ => TrialTimeSeriesEvaluator.Evaluate(realTable, syntheticTable, options, holdoutTable, ct));
                await SynthesisReports.WriteAtomicallyAsync(parse.GetValue(report)!, w => w.WriteAsync(TrialTimeSeriesRun.EvaluationJson(e))).ConfigureAwait(false);
                var c = CultureInfo.InvariantCulture;
                console.WriteTable(["measure", "real", "synthetic"],
                [
                    ["patients", e.RealPatients.ToString("N0", c), e.SyntheticPatients.ToString("N0", c)],
                    ["mean |Δ| of the per-hour means (°C)", "", e.HourlyMeanDifference.ToString("F3", c)],
                    ["lag-1 autocorrelation", e.AutocorrelationReal[0].ToString("F3", c), e.AutocorrelationSynthetic[0].ToString("F3", c)],
                    ["left − right sd, hallux (°C)", e.LeftRightSdReal[0].ToString("F3", c), e.LeftRightSdSynthetic[0].ToString("F3", c)],
                    ["ulcer-warning rule fires", e.WarningRateReal.ToString("P1", c), e.WarningRateSynthetic.ToString("P1", c)],
                ]);
                if (e.MembershipInference is { } mia)
                {
                    console.WriteLine(string.Create(c, $"DTW membership attack: AUC {mia.Auc:F4} [{mia.AucInterval.Lower:F4}, {mia.AucInterval.Upper:F4}], TPR {mia.TprAtOnePercent:F4} at 1% FPR."));
                }
                console.WriteLine("Report written (data owner only: computed from the real data, not differentially private).");
                return ExitCodes.Success;
            }));
        }
    }
}
