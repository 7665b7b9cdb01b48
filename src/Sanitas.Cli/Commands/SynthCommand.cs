using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Cli.Commands;

/// <summary>
/// <c>sanitas synth</c>: a DP synthetic table (MST, AIM or PrivBayes) charged to the analyst's budget before any
/// value is read; <c>sanitas synth evaluate</c>: the data owner's fidelity, utility and privacy report.
/// </summary>
internal sealed class SynthCommand : Command
{
    public SynthCommand(ICliConsole console)
        : base("synth", "Generate a differentially private synthetic table (mst, aim or privbayes) from a CSV and a domain config; charged to the analyst's budget before any value is read.")
    {
        var input = new Option<string?>("--input", "-i") { Description = "The private CSV." };
        var config = new Option<string?>("--config", "-c") { Description = "SYNTH.yaml: every column's public domain (categories, numeric bins, date granularity)." };
        var mechanism = new Option<string>("--mechanism", "-m") { Description = "mst, aim, privbayes or dpctgan.", DefaultValueFactory = _ => "mst" };
        mechanism.AcceptOnlyFromAmong([.. Synthesizer.Mechanisms]);
        var epsilon = new Option<double>("--epsilon", "-e") { Description = "ε of the (ε, δ)-DP guarantee." };
        var delta = new Option<double>("--delta", "-d") { Description = "δ of the guarantee (e.g. 1e-9).", DefaultValueFactory = _ => 1e-9 };
        var rows = new Option<int?>("--rows") { Description = "Rows to generate (default: the DP estimate of the input's size)." };
        var output = new Option<string?>("--out", "-o") { Description = "The synthetic CSV, written atomically." };
        var report = new Option<string?>("--report") { Description = "The privacy log (JSON): budget split, DP selections, noise scales. DP output only." };
        var analyst = new Option<string?>("--analyst", "-a") { Description = "The analyst charged." };
        var ledger = new Option<string?>("--ledger") { Description = "The budget ledger: a SQLite file or an Npgsql connection string." };
        var dataset = new Option<string?>("--dataset") { Description = "The ledger's dataset name (default: the ledger database's name)." };
        var noLedger = new Option<bool>("--no-ledger") { Description = "Synthesize without charging any ledger (your own data)." };
        var degree = new Option<int>("--workload-degree") { Description = "AIM: the workload is every marginal of this many columns (2 or 3).", DefaultValueFactory = _ => 3 };
        var iterations = new Option<int>("--iterations") { Description = "Mirror-descent iterations of the final model fit.", DefaultValueFactory = _ => 3000 };
        var maxModelSize = new Option<double>("--max-model-size") { Description = "AIM: the largest model in MB (junction-tree cells × 8 bytes); the paper's 80 can take hours at large ε.", DefaultValueFactory = _ => new SynthesisOptions { Mechanism = "aim", Epsilon = 1, Delta = 1e-9 }.MaxModelSizeMegabytes };
        var maxParents = new Option<int?>("--max-parents") { Description = "PrivBayes: at most this many parents per column (the paper's degree k); default: chosen by θ-usefulness." };
        var theta = new Option<double>("--theta") { Description = "PrivBayes: θ of θ-usefulness (a joint's average count must be θ noise deviations).", DefaultValueFactory = _ => 4 };
        var roundLog = new Option<string?>("--round-log") { Description = "AIM: write one line per round (the marginal selected, σ, share of ρ spent, model size, fit time) to this file, atomically at the end." };
        foreach (var option in new Option[] { input, config, mechanism, epsilon, delta, rows, output, report, analyst, ledger, dataset, noLedger, degree, iterations, maxModelSize, maxParents, theta, roundLog })
        {
            Options.Add(option);
        }
        var dpctgan = new DpCtganCliOptions();
        dpctgan.AddTo(this);
        Subcommands.Add(new EvaluateCommand(console));
        Subcommands.Add(new SynthTimeSeriesCommand(console));
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var roundLogPath = parse.GetValue(roundLog);
            if (roundLogPath is not null && parse.GetValue(mechanism) != "aim")
            {
                throw new InvalidOptionException("Option '--round-log' is for --mechanism aim (the other mechanisms have no rounds).");
            }
            if (roundLogPath is not null && Path.GetDirectoryName(Path.GetFullPath(roundLogPath)) is { } folder && !Directory.Exists(folder))
            {
                throw new InvalidOptionException($"Option '--round-log': the folder '{folder}' does not exist.");
            }
            var roundLines = new List<string>();
            var options = new SynthesisOptions
            {
                Mechanism = parse.GetValue(mechanism)!,
                Epsilon = parse.GetValue(epsilon),
                Delta = parse.GetValue(delta),
                Rows = parse.GetValue(rows),
                WorkloadDegree = parse.GetValue(degree),
                Iterations = parse.GetValue(iterations),
                MaxModelSizeMegabytes = parse.GetValue(maxModelSize),
                MaxParents = parse.GetValue(maxParents),
                Theta = parse.GetValue(theta),
                DpCtgan = dpctgan.Read(parse),
                RoundLog = roundLogPath is null ? null : roundLines.Add,
            };
            var request = new SynthesisRequest(Required(parse.GetValue(input), "--input"), Required(parse.GetValue(config), "--config"), options,
                Required(parse.GetValue(output), "--out"), parse.GetValue(report), parse.GetValue(ledger), parse.GetValue(analyst), parse.GetValue(dataset), parse.GetValue(noLedger));
            var result = console.RunWithProgress("Synthesizing", progress => SynthesisRun.RunAsync(request, SecureRandom.Instance, progress, ct).GetAwaiter().GetResult());
            if (roundLogPath is not null)
            {
                // Every number in a round line is public or in the privacy log (SynthesisOptions.RoundLog).
                await AtomicFile.WriteAllTextAsync(roundLogPath, string.Concat(roundLines.Select(l => l + "\n")), ct).ConfigureAwait(false);
            }
            var c = CultureInfo.InvariantCulture;
            var log = result.Log;
            console.WriteLine(string.Create(c, $"{log.Mechanism}: {log.Rows:N0} synthetic rows written to {request.Output}; ρ = {log.Rho:G4} spent on {log.Steps.Count} private steps."));
            if (log.DpCtgan is { } gan)
            {
                console.WriteLine(string.Create(c, $"DP-SGD: {gan.Steps:N0} discriminator steps at q = {gan.SamplingRate:G4}, σ = {gan.NoiseMultiplier:G4}, C = {gan.ClippingNorm:G4}; accountant ε = {gan.Epsilon:G4} at α = {gan.Order:G4}."));
            }
            else
            {
                console.WriteLine("Model cliques: " + string.Join("; ", log.Cliques.Select(q => string.Join(" × ", q))));
            }
            if (log.Fidelity is { Fits.Count: > 0 } fidelity)
            {
                console.WriteLine("Fidelity against the released measurements (DP, no extra ε; the exact comparison is the data owner's `synth evaluate`):");
                foreach (var line in fidelity.SummaryLines())
                {
                    console.WriteLine("  " + line);
                }
            }
            if (result.Charge is { } charge)
            {
                console.WriteLine(string.Create(c, $"Charged ε = {charge.Epsilon:G6}, δ = {charge.Delta:G3} to '{charge.Analyst}' on '{charge.Dataset}'."));
            }
            else
            {
                console.WriteLine(string.Create(c, $"ε = {log.Epsilon:G6}, δ = {log.Delta:G3}; no ledger charged (--no-ledger)."));
            }
            return ExitCodes.Success;
        }));
    }

    private static string Required(string? value, string option) =>
        value ?? throw new InvalidOptionException($"Option '{option}' is required.");

    /// <summary><c>sanitas synth evaluate</c>.</summary>
    private sealed class EvaluateCommand : Command
    {
        public EvaluateCommand(ICliConsole console)
            : base("evaluate", "Compare a synthetic table with the real one (marginal TVD, associations, pMSE, train-on-synthetic-test-on-real, membership inference). A data owner's report: it is computed from the real data and is not DP.")
        {
            var real = new Option<string>("--real") { Description = "The real CSV (the synthesizer's input).", Required = true };
            var synthetic = new Option<string>("--synthetic") { Description = "The synthetic CSV.", Required = true };
            var config = new Option<string>("--config", "-c") { Description = "SYNTH.yaml: the domain both tables are mapped onto.", Required = true };
            var report = new Option<string>("--report") { Description = "The report (JSON), written atomically.", Required = true };
            var html = new Option<string?>("--html") { Description = "The report as an HTML page." };
            var target = new Option<string?>("--target", "-t") { Description = "A two-class column for train-on-synthetic-test-on-real." };
            var holdout = new Option<string?>("--holdout") { Description = "Real rows NOT given to the synthesizer, for the membership-inference attack." };
            foreach (var option in new Option[] { real, synthetic, config, report, html, target, holdout })
            {
                Options.Add(option);
            }
            SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
            {
                var domain = SynthesisConfig.Load(parse.GetValue(config)!);
                var realTable = await CsvReader.ReadAsync(parse.GetValue(real)!, null, ct).ConfigureAwait(false);
                var syntheticTable = await CsvReader.ReadAsync(parse.GetValue(synthetic)!, null, ct).ConfigureAwait(false);
                var holdoutTable = parse.GetValue(holdout) is { } h ? await CsvReader.ReadAsync(h, null, ct).ConfigureAwait(false) : null;
                var evaluation = console.RunWithProgress("Evaluating", _ =>
                    SyntheticDataEvaluator.Evaluate(realTable, syntheticTable, domain, parse.GetValue(target), holdoutTable, ct: ct));
                await SynthesisReports.WriteAtomicallyAsync(parse.GetValue(report)!, w => w.WriteAsync(SynthesisReports.EvaluationJson(evaluation))).ConfigureAwait(false);
                if (parse.GetValue(html) is { } htmlPath)
                {
                    await SynthesisReports.WriteAtomicallyAsync(htmlPath, w => w.WriteAsync(SynthesisReports.EvaluationHtml(evaluation))).ConfigureAwait(false);
                }
                var c = CultureInfo.InvariantCulture;
                console.WriteTable(["marginals", "mean TVD", "max TVD"],
                    evaluation.Marginals.Select(m => (IReadOnlyList<string>)[$"{m.Degree}-way", m.Mean.ToString("F4", c), m.Max.ToString("F4", c)]));
                if (evaluation.Target is not null)
                {
                    console.WriteLine(string.Create(c, $"TSTR accuracy {evaluation.AccuracySynthetic:F4} (trained on real {evaluation.AccuracyReal:F4}, majority {evaluation.AccuracyMajority:F4})."));
                }
                if (evaluation.MembershipInference is { } mia)
                {
                    console.WriteLine(string.Create(c, $"Membership inference (distance to closest record): AUC {mia.Auc:F4}, TPR {mia.TprAtOnePermille:F4} at 0.1% FPR."));
                }
                foreach (var line in evaluation.PrivacySummary())
                {
                    console.WriteLine(line);
                }
                console.WriteLine("Report written (data owner only: computed from the real data, not differentially private).");
                return ExitCodes.Success;
            }));
        }
    }
}
