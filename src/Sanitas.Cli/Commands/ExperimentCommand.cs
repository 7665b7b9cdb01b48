using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Samples;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas experiment</c>: compare mechanisms over ε with repeated cross-validation (CSV + SVG).</summary>
internal sealed class ExperimentCommand : Command
{
    public ExperimentCommand(ICliConsole console)
        : base("experiment", "Sweep ε for several mechanisms with repeated k-fold cross-validation and write mechanism,epsilon,metric,mean,std (accuracy and ROC AUC for classifiers, MSE for regression, next to the majority-class or mean baseline; and an SVG plot). A data owner's tool: it is not DP, charges no budget and needs --not-private.")
    {
        var o = new LearningOptions(this, experiment: true);
        var mechanisms = new Option<string>("--mechanisms") { Description = $"Comma-separated: none (non-private), output, functional, objective, adassp, {Trainer.EmpiricalBaseline}.", Required = true };
        var epsilons = new Option<string>("--epsilons") { Description = "Comma-separated ε values.", DefaultValueFactory = _ => "0.01,0.1,1,10" };
        var folds = new Option<int>("--folds") { Description = "Folds of the cross-validation.", DefaultValueFactory = _ => 10 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats of the cross-validation.", DefaultValueFactory = _ => 20 };
        var output = new Option<string>("--out", "-o") { Description = "The results (CSV), written atomically.", Required = true };
        var plot = new Option<string?>("--plot") { Description = "An SVG plot of the metric against ε, per mechanism." };
        foreach (var option in new Option[] { mechanisms, epsilons, folds, repeats, output, plot })
        {
            Options.Add(option);
        }
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            if (!parse.GetValue(o.NotPrivate))
            {
                throw new LearningException("An experiment measures exact errors on the data: it is a data owner's operation and its results are not private. Add --not-private to confirm; the results are labelled so.");
            }
            var training = o.Training(parse);
            var options = new ExperimentOptions
            {
                Training = training with { Delta = parse.GetValue(o.Delta) is var d && d > 0 ? d : 1e-6 },
                Mechanisms = LearningOptions.SplitList(parse.GetValue(mechanisms))!,
                Epsilons = LearningOptions.ParseDoubles(parse.GetValue(epsilons)!, "--epsilons"),
                Folds = parse.GetValue(folds),
                Repeats = parse.GetValue(repeats),
            };
            var table = await CsvReader.ReadAsync(parse.GetValue(o.Input)!, null, ct).ConfigureAwait(false);
            if (parse.GetValue(o.PivotReadings))
            {
                table = ClinicalTrialReadings.ToMeasurements(table);
            }
            var rows = console.RunWithProgress("Running the experiment", progress => ExperimentRunner.Run(table, options, SecureRandom.Instance, progress, ct));
            using var csv = new StringWriter(CultureInfo.InvariantCulture);
            ExperimentRunner.WriteCsv(rows, csv);
            var svg = parse.GetValue(plot) is { } plotPath
                ? ExperimentPlot.ToSvg(rows, $"NOT PRIVATE: {options.Training.Model} on {Path.GetFileName(parse.GetValue(o.Input))}: {rows[0].Metric} vs ε")
                : null;
            ModelFile.WriteAtomically(parse.GetValue(output)!, csv.ToString());
            if (svg is not null)
            {
                ModelFile.WriteAtomically(parse.GetValue(plot)!, svg);
            }
            var c = CultureInfo.InvariantCulture;
            if (rows[0].Auc is null)
            {
                console.WriteTable(["mechanism", "epsilon", rows[0].Metric, "std"],
                    rows.Select(r => (IReadOnlyList<string>)[r.Mechanism, r.Epsilon.ToString("G4", c), r.Mean.ToString("G4", c), r.Std.ToString("G3", c)]));
            }
            else
            {
                console.WriteTable(["mechanism", "epsilon", rows[0].Metric, "std", "auc", "std"],
                    rows.Select(r => (IReadOnlyList<string>)[r.Mechanism, r.Epsilon.ToString("G4", c), r.Mean.ToString("G4", c), r.Std.ToString("G3", c),
                        r.Auc!.Value.ToString("G4", c), r.AucStd!.Value.ToString("G3", c)]));
            }
            console.WriteLine($"Results (NOT PRIVATE) written to {parse.GetValue(output)}" + (svg is null ? "." : $", plot to {parse.GetValue(plot)}."));
            return ExitCodes.Success;
        }));
    }
}
