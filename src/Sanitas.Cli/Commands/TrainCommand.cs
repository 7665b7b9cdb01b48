using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Samples;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas train</c>: fit a model, with a DP mechanism charged to the analyst's budget first.</summary>
internal sealed class TrainCommand : Command
{
    public TrainCommand(ICliConsole console)
        : base("train", "Train a model (linear, logistic, naive-bayes, mlp) with a DP mechanism, charged to the analyst's budget before any value is read; or, on the data owner's own data, without privacy (--mechanism none --not-private).")
    {
        var o = new LearningOptions(this, experiment: false);
        var mechanism = new Option<string>("--mechanism") { Description = "output, functional, objective, adassp, dpsgd (DP), or none (not private: needs --not-private).", DefaultValueFactory = _ => "none" };
        var epsilon = new Option<double>("--epsilon", "-e") { Description = "The total ε of a DP run: the model's share plus the shares of --rows-epsilon and --metrics-epsilon." };
        var rowsEpsilon = new Option<double?>("--rows-epsilon") { Description = "ε share of the DP estimate of n (output, objective, dpsgd) when the bounds file does not declare public-rows (default: a tenth of --epsilon)." };
        var metricsEpsilon = new Option<double>("--metrics-epsilon") { Description = "ε share of DP metrics on a fifth of the persons held out of training (default 0: none)." };
        var test = new Option<string?>("--test") { Description = "A public or steward-supplied test set (CSV) for exact metrics; labelled so in the model file." };
        var experimental = new Option<bool>("--allow-experimental") { Description = "Opt in to mechanisms whose guarantee is experimental (adassp: SAN0001, dpsgd: SAN0003); recorded in the model file." };
        var analyst = new Option<string?>("--analyst", "-a") { Description = "The analyst charged for DP training." };
        var ledger = new Option<string?>("--ledger") { Description = "The budget ledger: a SQLite file or an Npgsql connection string (the database 'sanitas budget set --db' used)." };
        var dataset = new Option<string?>("--dataset") { Description = "The ledger's dataset name (default: the ledger database's name, as 'sanitas query' charges)." };
        var noLedger = new Option<bool>("--no-ledger") { Description = "Train a DP model without charging any ledger (your own data)." };
        var folds = new Option<int?>("--folds") { Description = "Folds of the cross-validated metrics of a not-private model (default 5, 0: none); refused with a DP mechanism." };
        var output = new Option<string>("--out", "-o") { Description = "The model file (JSON), written atomically.", Required = true };
        var db = new Option<string?>("--db") { Description = "Train from a database table instead of a file (with --table): a SQLite path or an Npgsql connection string. Only the used columns are read, after the charge; the ledger defaults to this database, as for 'sanitas query'." };
        var table = new Option<string?>("--table") { Description = "The table of --db to train from." };
        var metadata = new Option<string?>("--metadata") { Description = "With --db: the DP query metadata (YAML) whose privacyUnit of --table is the person column (instead of --unit)." };
        var missing = new Option<string>("--missing") { Description = "A missing value in a used column: error (default; under DP mapped to the declared domain, as any value outside it), drop (leave the row out before per-person bounding), impute-public (the bounds file's 'missing:' value, else the middle of the range or the first category).", DefaultValueFactory = _ => "error" };
        missing.AcceptOnlyFromAmong("error", "drop", "impute-public");
        foreach (var option in new Option[] { mechanism, epsilon, rowsEpsilon, metricsEpsilon, test, experimental, analyst, ledger, dataset, noLedger, folds, output, db, table, metadata, missing })
        {
            Options.Add(option);
        }
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var options = o.Training(parse) with
            {
                Mechanism = parse.GetValue(mechanism)!,
                Epsilon = parse.GetValue(epsilon),
                RowsEpsilon = parse.GetValue(rowsEpsilon),
                MetricsEpsilon = parse.GetValue(metricsEpsilon),
                AllowExperimental = parse.GetValue(experimental),
                Folds = parse.GetValue(folds),
                Missing = parse.GetValue(missing) switch
                {
                    "drop" => MissingValuePolicy.Drop,
                    "impute-public" => MissingValuePolicy.ImputePublic,
                    _ => MissingValuePolicy.Error,
                },
            };
            if (parse.GetValue(metadata) is { } metadataPath)
            {
                options = options with { Unit = UnitFromMetadata(metadataPath, parse.GetValue(table), options.Unit) };
            }
            var request = new TrainingRequest(parse.GetValue(o.Input) ?? "", options, parse.GetValue(output)!, parse.GetValue(o.PivotReadings) ? ClinicalTrialReadings.Layout : null,
                parse.GetValue(ledger), parse.GetValue(analyst), parse.GetValue(dataset), parse.GetValue(noLedger), parse.GetValue(o.NotPrivate), parse.GetValue(test))
            {
                Database = parse.GetValue(db),
                Table = parse.GetValue(table),
            };
            var result = console.RunWithProgress("Training", progress => TrainingRun.RunAsync(request, SecureRandom.Instance, progress, ct).GetAwaiter().GetResult());
            var model = result.Model;
            var release = model.Release;
            var c = CultureInfo.InvariantCulture;
            console.WriteLine($"Trained {model.Model}/{model.Mechanism}; model written to {request.Output}" + (release.IsPrivate ? "." : " (labelled NOT PRIVATE)."));
            if (release.Rows is { } rows)
            {
                console.WriteLine(string.Create(c, $"n = {rows.Value:G6} ({rows.Source})."));
            }
            var shares = string.Join(", ", release.Shares.Select(s => string.Create(c, $"{s.Release} ε = {TrainingPlan.EpsilonOf(s.Cost):G6}")));
            if (result.Charge is { } charge)
            {
                console.WriteLine(string.Create(c, $"Charged ε = {charge.Epsilon:G6}, δ = {charge.Delta:G3} to '{charge.Analyst}' on '{charge.Dataset}' ({shares})."));
            }
            else if (release.IsPrivate)
            {
                console.WriteLine(string.Create(c, $"ε = {model.Epsilon:G6}, δ = {model.Delta:G3} ({shares}); no ledger charged (--no-ledger)."));
            }
            foreach (var experiment in release.Experimental)
            {
                console.WriteLine($"Experimental: {experiment}");
            }
            if (model.Coefficients.Count > 0)
            {
                console.WriteTable(["input", "coefficient"],
                    [["(intercept)", model.Intercept!.Value.ToString("G6", c)], .. model.Coefficients.Select(k => (IReadOnlyList<string>)[k.Key, k.Value.ToString("G6", c)])]);
            }
            if (release.Metrics is { } metrics)
            {
                console.WriteLine(string.Join(", ", metrics.Values.Select(m => string.Create(c, $"{m.Key} {m.Value:G4}"))) + $" ({metrics.Source}: {metrics.Description})");
            }
            return ExitCodes.Success;
        }));
    }

    /// <summary>The person column the steward's DP metadata declares for the table (privacyUnit); --unit, if given, must agree.</summary>
    private static string UnitFromMetadata(string path, string? table, string? unit)
    {
        if (table is null)
        {
            throw new LearningException("--metadata names the person column of a database table: give it with --db and --table.");
        }
        var metadata = MetadataLoader.Load(path);
        var declared = metadata.Table(table)?.PrivacyUnit
            ?? throw new LearningException($"{metadata.SourceName}: no table '{table}' (the metadata declares: {string.Join(", ", metadata.Tables.Keys)}).");
        return unit is null || string.Equals(unit, declared, StringComparison.Ordinal)
            ? declared
            : throw new LearningException($"--unit {unit} contradicts {metadata.SourceName}, whose privacyUnit of '{table}' is {declared}; drop --unit.");
    }
}
