using System.CommandLine;
using System.Globalization;
using Sanitas.Learning;

namespace Sanitas.Cli.Commands;

/// <summary>The options 'train' and 'experiment' share.</summary>
internal sealed class LearningOptions
{
    public LearningOptions(Command command, bool experiment)
    {
        Model.AcceptOnlyFromAmong([.. Trainer.Models]);
        foreach (var option in new Option[] { Input, Target, Model, Delta, Bounds, Features, Unit, MaxRows, Regularization, PivotReadings, NotPrivate })
        {
            command.Options.Add(option);
        }
        if (!experiment)
        {
            Input.Required = false;
            Input.Description = "The training data (CSV); or --db with --table.";
        }
        if (experiment)
        {
            NotPrivate.Description = "Required: an experiment measures exact errors on the data, so its results are not private (the file is labelled so).";
        }
    }

    public Option<string> Input { get; } = new("--input", "-i") { Description = "The training data (CSV).", Required = true };

    public Option<string> Target { get; } = new("--target", "-t") { Description = "The column to predict.", Required = true };

    public Option<string> Model { get; } = new("--model", "-m") { Description = "linear, logistic, naive-bayes or mlp.", Required = true };

    public Option<double> Delta { get; } = new("--delta", "-d") { Description = "δ of an (ε, δ) mechanism (adassp, dpsgd)." };

    public Option<string?> Bounds { get; } = new("--bounds", "-b") { Description = "BOUNDS.yaml: each used column's [min, max] or [category, ...]; required by DP mechanisms." };

    public Option<string?> Features { get; } = new("--features") { Description = "Comma-separated feature columns (default: every column but the target and the unit)." };

    public Option<string?> Unit { get; } = new("--unit") { Description = "The column identifying the person, when a person has several rows." };

    public Option<int> MaxRows { get; } = new("--max-rows-per-unit") { Description = "R: the most rows kept per person (a uniform sample); sensitivities scale with R.", DefaultValueFactory = _ => 1 };

    public Option<double?> Regularization { get; } = new("--regularization") { Description = "L2 regularization (default: the mechanism's)." };

    public Option<bool> NotPrivate { get; } = new("--not-private") { Description = "The data owner's confirmation that the output is not differentially private (required by --mechanism none and by experiment); the output is labelled so." };

    public Option<bool> PivotReadings { get; } = new("--pivot-readings") { Description = "The input is the trial's readings.csv: train on one row per measurement (PatientId, Hour, left_hallux … right_heel)." };

    public TrainingOptions Training(ParseResult parse) => new()
    {
        Target = parse.GetValue(Target)!,
        Model = parse.GetValue(Model)!,
        Delta = parse.GetValue(Delta),
        Bounds = parse.GetValue(Bounds) is { } path ? LearningBounds.Load(path) : LearningBounds.None,
        Features = SplitList(parse.GetValue(Features)),
        Unit = parse.GetValue(Unit),
        MaxRowsPerUnit = parse.GetValue(MaxRows),
        Regularization = parse.GetValue(Regularization),
    };

    public static IReadOnlyList<string>? SplitList(string? text) =>
        text is null ? null : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static IReadOnlyList<double> ParseDoubles(string text, string option) =>
        [.. SplitList(text)!.Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new LearningException($"{option}: '{t}' is not a number."))];
}
