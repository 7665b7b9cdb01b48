using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Learning;
using Sanitas.Privacy;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas train</c>: fit a model, with a DP mechanism charged to the analyst's budget first.</summary>
internal sealed class TrainCommand : Command
{
    public TrainCommand(ICliConsole console)
        : base("train", "Train a model (linear, logistic, naive-bayes) without privacy or with a DP mechanism; DP training is charged to the analyst's budget before any value is read.")
    {
        var o = new LearningOptions(this, experiment: false);
        var mechanism = new Option<string>("--mechanism") { Description = "none, output, functional, objective, adassp or dpsgd.", DefaultValueFactory = _ => "none" };
        var epsilon = new Option<double>("--epsilon", "-e") { Description = "ε of a DP mechanism." };
        var analyst = new Option<string?>("--analyst", "-a") { Description = "The analyst charged for DP training." };
        var ledger = new Option<string?>("--ledger") { Description = "The budget ledger: a SQLite file or an Npgsql connection string (the database 'sanitas budget set --db' used)." };
        var dataset = new Option<string?>("--dataset") { Description = "The ledger's dataset name (default: the ledger database's name, as 'sanitas query' charges)." };
        var noLedger = new Option<bool>("--no-ledger") { Description = "Train a DP model without charging any ledger (your own data)." };
        var privateOnly = new Option<bool>("--private-metrics-only") { Description = "Omit the cross-validated metrics (they are computed on the training data and are not DP)." };
        var folds = new Option<int>("--folds") { Description = "Folds of the cross-validated metrics (0: none).", DefaultValueFactory = _ => 5 };
        var output = new Option<string>("--out", "-o") { Description = "The model file (JSON), written atomically.", Required = true };
        foreach (var option in new Option[] { mechanism, epsilon, analyst, ledger, dataset, noLedger, privateOnly, folds, output })
        {
            Options.Add(option);
        }
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var options = o.Training(parse) with
            {
                Mechanism = parse.GetValue(mechanism)!,
                Epsilon = parse.GetValue(epsilon),
                Folds = parse.GetValue(folds),
            };
            var request = new TrainingRequest(parse.GetValue(o.Input)!, options, parse.GetValue(output)!, parse.GetValue(o.PivotReadings),
                parse.GetValue(ledger), parse.GetValue(analyst), parse.GetValue(dataset), parse.GetValue(noLedger), parse.GetValue(privateOnly));
            var result = console.RunWithProgress("Training", progress => TrainingRun.RunAsync(request, SecureRandom.Instance, progress, ct).GetAwaiter().GetResult());
            var model = result.Model;
            var c = CultureInfo.InvariantCulture;
            console.WriteLine(string.Create(c, $"Trained {model.Model}/{model.Mechanism} on {model.RowsUsed:N0} rows; model written to {request.Output}."));
            if (result.Charge is { } charge)
            {
                console.WriteLine(string.Create(c, $"Charged ε = {charge.Epsilon:G6}, δ = {charge.Delta:G3} to '{charge.Analyst}' on '{charge.Dataset}'."));
            }
            else if (Trainer.IsPrivate(model.Model, model.Mechanism))
            {
                console.WriteLine(string.Create(c, $"ε = {model.Epsilon:G6}, δ = {model.Delta:G3}; no ledger charged (--no-ledger)."));
            }
            if (model.Coefficients.Count > 0)
            {
                console.WriteTable(["input", "coefficient"],
                    [["(intercept)", model.Intercept!.Value.ToString("G6", c)], .. model.Coefficients.Select(k => (IReadOnlyList<string>)[k.Key, k.Value.ToString("G6", c)])]);
            }
            if (model.Metrics.Count > 0)
            {
                console.WriteLine(string.Join(", ", model.Metrics.Select(m => string.Create(c, $"{m.Key} {m.Value:G4}")))
                    + string.Create(c, $" ({options.Folds}-fold cross-validation on the training data: not differentially private)."));
            }
            return ExitCodes.Success;
        }));
    }
}
