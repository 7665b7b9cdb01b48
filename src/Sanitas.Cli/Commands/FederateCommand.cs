using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sanitas.Cli.Rendering;
using Sanitas.Collaboration;
using Sanitas.Data;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas federate</c>: coordinate a consortium over HTTP, or run the loopback demo.</summary>
internal sealed class FederateCommand : Command
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public FederateCommand(ICliConsole console)
        : base("federate", "Train logistic regression or a multilayer perceptron across centres without pooling rows: FedAvg/FedProx (optionally with DP), secure aggregation, SMPC or threshold homomorphic encryption.")
    {
        var config = new Option<string?>("--config") { Description = "consortium.yaml: sites, URLs, pinned keys, protocol and settings." };
        var identity = new Option<string?>("--identity") { Description = "The coordinator's private key (default: coordinator.identity in the consortium file)." };
        var demo = new Option<bool>("--demo") { Description = "Start the sites on loopback in this process and run the protocol(s) on their files." };
        var data = new Option<string?>("--data") { Description = "--demo: a folder with site1.csv, site2.csv, … (default: simulate the seed workload)." };
        var protocol = new Option<string>("--protocol") { Description = "--demo: fedavg, fedprox, secagg, smpc, threshold-he or all.", DefaultValueFactory = _ => "all" };
        var rows = new Option<int>("--rows") { Description = "--demo without --data: rows of the simulated workload.", DefaultValueFactory = _ => 49_152 };
        var folds = new Option<int>("--folds") { Description = "--demo: cross-validation folds.", DefaultValueFactory = _ => 10 };
        var keyBits = new Option<int>("--key-bits") { Description = "--demo: the threshold Paillier modulus size.", DefaultValueFactory = _ => 2048 };
        var report = new Option<string?>("--report") { Description = "Write the report(s) as JSON to this file." };
        var rounds = new Option<int>("--rounds") { Description = "--demo: FedAvg/FedProx rounds.", DefaultValueFactory = _ => 100 };
        var iterations = new Option<int>("--iterations") { Description = "--demo: smpc's secure-training steps (fixed in advance; 3 Böhning steps, then the exact Hessian's).", DefaultValueFactory = _ => 7 };
        var model = new Option<string>("--model") { Description = "--demo: logistic, or mlp (a multilayer perceptron trained by FedAvg rounds; secagg, smpc and threshold-he sum its updates securely).", DefaultValueFactory = _ => "logistic" };
        var hidden = new Option<string>("--hidden") { Description = "--demo, --model mlp: hidden layer sizes, e.g. 16 or 32,16.", DefaultValueFactory = _ => "16" };
        var localEpochs = new Option<int>("--local-epochs") { Description = "--demo: FedAvg/FedProx local epochs per round.", DefaultValueFactory = _ => 1 };
        var learningRate = new Option<double>("--learning-rate") { Description = "--demo: FedAvg/FedProx local learning rate.", DefaultValueFactory = _ => 1.0 };
        var dpMode = new Option<string?>("--dp") { Description = "--demo, fedavg/fedprox: central (DP-FedAvg, noise added by the coordinator) or site (per-site DP-SGD); implies --folds 0 unless given." };
        var noiseMultiplier = new Option<double>("--noise-multiplier") { Description = "--dp: σ, the noise standard deviation over the clipping norm.", DefaultValueFactory = _ => 1.0 };
        var clippingNorm = new Option<double>("--clipping-norm") { Description = "--dp: per-example L2 clipping norm C of the whole gradient.", DefaultValueFactory = _ => 1.0 };
        var samplingRate = new Option<double>("--sampling-rate") { Description = "--dp: Poisson sampling rate q per step.", DefaultValueFactory = _ => 0.01 };
        var batchSize = new Option<double?>("--batch-size") { Description = "--dp: the declared expected batch the noisy sum is divided by (q × the declared rows: of all centres for central, of one centre for site); required with --dp." };
        var delta = new Option<double>("--delta") { Description = "--dp: δ.", DefaultValueFactory = _ => 1e-5 };
        foreach (var option in new Option[] { config, identity, demo, data, protocol, rows, folds, keyBits, report, rounds, iterations, model, hidden, localEpochs, learningRate, dpMode, noiseMultiplier, clippingNorm, samplingRate, batchSize, delta })
        {
            Options.Add(option);
        }
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            IReadOnlyList<FederationReport> reports;
            FederationDemoResult? demoResult = null;
            if (parse.GetValue(demo))
            {
                var name = parse.GetValue(protocol)!;
                IReadOnlyList<FederationProtocol> protocols = name == "all"
                    ? [FederationProtocol.FedAvg, FederationProtocol.SecAgg, FederationProtocol.Smpc, FederationProtocol.ThresholdHe]
                    : [ConsortiumConfig.ParseProtocol(name) ?? throw new InvalidOptionException($"--protocol: '{name}' is not fedavg, fedprox, secagg, smpc, threshold-he or all.")];
                DpFedAvgSettings? dpSettings = parse.GetValue(dpMode) switch
                {
                    null => null,
                    var m when m is "central" or "site" => new DpFedAvgSettings(parse.GetValue(noiseMultiplier), parse.GetValue(clippingNorm), parse.GetValue(samplingRate), parse.GetValue(delta),
                        parse.GetValue(learningRate), parse.GetValue(batchSize) ?? throw new InvalidOptionException("--dp needs --batch-size: the declared expected batch (q times the declared rows); it is not read from the data."))
                    {
                        PerSite = m == "site",
                    },
                    var other => throw new InvalidOptionException($"--dp: '{other}' is not central or site."),
                };
                var options = new FederationDemoOptions
                {
                    DataDirectory = parse.GetValue(data),
                    Protocols = protocols,
                    Rows = parse.GetValue(rows),
                    Folds = dpSettings is not null && parse.GetResult(folds) is null or { Implicit: true } ? 0 : parse.GetValue(folds),
                    Dp = dpSettings,
                    KeyBits = parse.GetValue(keyBits),
                    Rounds = parse.GetValue(rounds),
                    Iterations = parse.GetValue(iterations),
                    Model = parse.GetValue(model)!,
                    Hidden = ParseHidden(parse.GetValue(hidden)!),
                    LocalEpochs = parse.GetValue(localEpochs),
                    LearningRate = parse.GetValue(learningRate),
                };
                demoResult = console.RunWithProgress("Federating on loopback", p => FederationDemo.RunAsync(options, p, ct).GetAwaiter().GetResult());
                reports = demoResult.Reports;
            }
            else if (parse.GetValue(config) is { } path)
            {
                var consortium = ConsortiumConfig.Load(path);
                var keyPath = parse.GetValue(identity) ?? consortium.CoordinatorIdentityPath
                    ?? throw new InvalidOptionException("The coordinator's private key: pass --identity or set coordinator.identity in the consortium file.");
                using var coordinator = SiteIdentity.Load(consortium.CoordinatorName, keyPath);
                reports = [console.RunWithProgress($"Federating ({ConsortiumConfig.ProtocolName(consortium.Protocol)})", p => Federation.RunAsync(consortium, coordinator, p, ct).GetAwaiter().GetResult())];
            }
            else
            {
                throw new InvalidOptionException("Pass --config consortium.yaml, or --demo.");
            }
            Show(console, reports, demoResult);
            if (parse.GetValue(report) is { } reportPath)
            {
                var json = reports.Count == 1 ? JsonSerializer.Serialize(reports[0], ReportJson) : JsonSerializer.Serialize(reports, ReportJson);
                await AtomicFile.WriteAllTextAsync(reportPath, json, ct).ConfigureAwait(false);
                console.WriteLine($"Report written to {reportPath}.");
            }
            return ExitCodes.Success;
        }));
    }

    private static int[] ParseHidden(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part => int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var units) && units > 0
            ? units
            : throw new InvalidOptionException($"--hidden: '{part}' is not a positive whole number (e.g. --hidden 32,16)."))];

    private static void Show(ICliConsole console, IReadOnlyList<FederationReport> reports, FederationDemoResult? demo)
    {
        var c = CultureInfo.InvariantCulture;
        if (demo is not null && reports.Any(r => r.Coefficients.Count != demo.PooledCoefficients.Count))
        {
            // A network's parameters do not compare with the pooled logistic coefficients; its AUCs do.
            console.WriteLine($"Sites' files: {demo.DataDirectory}; a multilayer perceptron of {reports[0].Coefficients.Count} parameters (the pooled reference below is logistic regression).");
            demo = demo with { PooledCoefficients = [.. reports[0].Coefficients.Select(_ => double.NaN)] };
        }
        else if (demo is not null)
        {
            console.WriteLine($"Sites' files: {demo.DataDirectory}" + (demo.DealSeconds > 0 ? string.Create(c, $"; threshold key dealt in {demo.DealSeconds:F1} s") : ""));
            var headers = new List<string> { "coefficient", "pooled" };
            headers.AddRange(reports.Select(r => r.Protocol));
            console.WriteTable(headers, demo.PooledCoefficients.Select((p, j) =>
                (IReadOnlyList<string>)[j == 0 ? "(intercept)" : $"b{j}", p.ToString("F6", c), .. reports.Select(r => r.Coefficients[j].ToString("F6", c))]));
        }
        else
        {
            console.WriteTable(["coefficient", reports[0].Protocol], reports[0].Coefficients.Select((v, j) => (IReadOnlyList<string>)[j == 0 ? "(intercept)" : $"b{j}", v.ToString("F6", c)]));
        }
        var rows = reports.Select(r => (IReadOnlyList<string>)
        [
            r.Protocol,
            demo is null || double.IsNaN(demo.PooledCoefficients[0]) ? "" : r.Coefficients.Zip(demo.PooledCoefficients, (a, b) => Math.Abs(a - b)).Max().ToString("E1", c),
            r.Auc.Count == 0 ? "-" : r.Auc.Average().ToString("F4", c),
            demo is null || r.Auc.Count == 0 ? "" : r.Auc.Zip(demo.PooledAuc, (a, b) => Math.Abs(a - b)).Max().ToString("E1", c),
            r.TrainSeconds.ToString("F2", c) + (r.TrainCpuSeconds is { } tc ? string.Create(c, $" ({tc:F1})") : ""),
            r.EvalSeconds.ToString("F2", c) + (r.EvalCpuSeconds is { } ec ? string.Create(c, $" ({ec:F1})") : ""),
            (r.BytesSent / 1e6).ToString("F1", c),
            r.Rounds.ToString(c),
            r.Dropouts.Count == 0 ? "none" : string.Join("; ", r.Dropouts),
        ]).ToList();
        console.WriteTable(["protocol", "max |b − pooled|", "mean AUC", "max |AUC − pooled|", "train s (CPU s)", "eval s (CPU s)", "MB sent", "rounds", "dropouts"], rows);
        var mlp = demo is not null && double.IsNaN(demo.PooledCoefficients[0]);
        if (demo is not null && demo.PooledAuc.Count > 0)
        {
            console.WriteLine(string.Create(c, $"Pooled plaintext {(mlp ? "MLP (the same network trained pooled)" : "fit")}: mean AUC {demo.PooledAuc.Average():F4} over {demo.PooledAuc.Count} folds."));
        }
        if (demo is not null && demo.FinalAuc.Count == reports.Count)
        {
            // In-sample AUCs: only the demo holds every row; a consortium under DP releases no AUC at all.
            console.WriteLine(string.Create(c, $"Final models on all rows (in-sample, computed by the demo, which holds every file): {string.Join(", ", reports.Select((r, i) => $"{r.Protocol} {demo.FinalAuc[i]:F4}"))}; pooled plaintext {(mlp ? "MLP" : "fit")} {demo.PooledFinalAuc:F4}."));
        }
        foreach (var r in reports.Where(r => r.Epsilon is not null))
        {
            console.WriteLine(string.Create(c, $"{r.Protocol}: DP, ε = {r.Epsilon:G4}, δ = {r.Delta:G3} charged at each site."));
        }
    }
}
