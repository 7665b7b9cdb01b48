using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Samples;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas predict</c>: apply a model file to a CSV.</summary>
internal sealed class PredictCommand : Command
{
    private readonly Option<string> _model = new("--model", "-m") { Description = "The model file written by 'sanitas train'.", Required = true };
    private readonly Option<string> _input = new("--input", "-i") { Description = "The data to predict (CSV with the model's feature columns).", Required = true };
    private readonly Option<string> _output = new("--output", "-o") { Description = "The predictions (CSV): prediction, and probability for a classifier; written atomically.", Required = true };
    private readonly Option<bool> _pivot = new("--pivot-readings") { Description = "The input is the trial's readings.csv (one row per measurement is predicted)." };

    public PredictCommand(ICliConsole console)
        : base("predict", "Predict with a trained model: one output row per input row.")
    {
        Options.Add(_model);
        Options.Add(_input);
        Options.Add(_output);
        Options.Add(_pivot);
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var model = ModelFile.Load(parse.GetValue(_model)!);
            var table = await CsvReader.ReadAsync(parse.GetValue(_input)!, null, ct).ConfigureAwait(false);
            if (parse.GetValue(_pivot))
            {
                table = ClinicalTrialReadings.ToMeasurements(table);
            }
            double[] predictions;
            try
            {
                predictions = model.Predict(table);
            }
            catch (ArgumentException e)
            {
                // A hand-edited model file whose parts do not fit together (coefficients, features, scales).
                throw new LearningException($"{Path.GetFileName(parse.GetValue(_model)!)}: the model file is inconsistent ({e.Message}).", e);
            }
            var c = CultureInfo.InvariantCulture;
            var columns = model.IsClassifier
                ? new[]
                {
                    Column.FromValues("probability", predictions.Select(p => p.ToString("R", c)), ColumnType.Decimal),
                    Column.FromValues("prediction", predictions.Select(model.ClassOf)),
                }
                : [Column.FromValues("prediction", predictions.Select(p => p.ToString("R", c)), ColumnType.Decimal)];
            using var writer = new StringWriter(c);
            CsvWriter.Write(new Table(columns), writer, ct: ct);
            ModelFile.WriteAtomically(parse.GetValue(_output)!, writer.ToString());
            console.WriteLine(string.Create(c, $"Predicted {predictions.Length:N0} rows with {model.Model}/{model.Mechanism}; written to {parse.GetValue(_output)}."));
            return ExitCodes.Success;
        }));
    }
}
