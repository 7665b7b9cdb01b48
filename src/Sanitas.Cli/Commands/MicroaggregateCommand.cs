using System.CommandLine;
using System.Globalization;
using Sanitas.Anonymization;
using Sanitas.Anonymization.Microaggregation;
using Sanitas.Cli.Rendering;
using Sanitas.Data;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas microaggregate</c>: MDAV microaggregation of numeric quasi-identifiers, with top and bottom coding.</summary>
internal sealed class MicroaggregateCommand : Command
{
    private readonly Option<string> _input = new("--input", "-i") { Description = "The CSV file.", Required = true };
    private readonly Option<string> _output = new("--output", "-o") { Description = "Where to write the microaggregated CSV.", Required = true };
    private readonly Option<string> _columns = new("--columns", "-c") { Description = "The numeric quasi-identifiers to aggregate together, comma-separated.", Required = true };
    private readonly Option<int> _k = new("--k") { Description = "The smallest group size.", DefaultValueFactory = _ => 3 };
    private readonly Option<string?> _by = new("--by") { Description = "Strata columns, comma-separated (e.g. the generalized quasi-identifiers of 'sanitas anonymize'): groups stay within a stratum." };
    private readonly Option<string[]> _top = new("--top-code") { Description = "COLUMN=VALUE: values above VALUE become VALUE (repeatable).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _bottom = new("--bottom-code") { Description = "COLUMN=VALUE: values below VALUE become VALUE (repeatable).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _raw = new("--no-standardize") { Description = "Take distances on the raw values instead of standardized ones." };

    public MicroaggregateCommand(ICliConsole console)
        : base("microaggregate", "Microaggregate numeric quasi-identifiers with MDAV (groups of at least k replaced by their means), after optional top/bottom coding.")
    {
        Options.Add(_input);
        Options.Add(_output);
        Options.Add(_columns);
        Options.Add(_k);
        Options.Add(_by);
        Options.Add(_top);
        Options.Add(_bottom);
        Options.Add(_raw);
        SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            static string[] List(string? text) => text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            var options = new MicroaggregationOptions
            {
                Columns = List(parse.GetValue(_columns)),
                K = parse.GetValue(_k),
                Strata = List(parse.GetValue(_by)),
                TopCodes = Codes(parse.GetValue(_top), "--top-code"),
                BottomCodes = Codes(parse.GetValue(_bottom), "--bottom-code"),
                Standardize = !parse.GetValue(_raw),
            };
            var table = CsvReader.Read(parse.GetValue(_input)!, ct: ct);
            var result = Microaggregator.Apply(table, options, ct);
            CsvWriter.Write(result.Table, parse.GetValue(_output)!, ct: ct);
            string N(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
            console.WriteLine($"MDAV with k = {options.K} on {string.Join(", ", options.Columns)}: {N(result.Groups)} groups of {N(result.SmallestGroup)} to {N(result.LargestGroup)} records; information loss SSE/SST = {N(result.InformationLoss)}.");
            console.WriteLine($"Top-coded {N(result.TopCoded)} and bottom-coded {N(result.BottomCoded)} values. Wrote {parse.GetValue(_output)}.");
            return ExitCodes.Success;
        }), CancellationToken.None));
    }

    private static Dictionary<string, double> Codes(string[]? entries, string option)
    {
        var codes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in entries ?? [])
        {
            var parts = entry.Split('=', 2);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new AnonymizationException($"{option} '{entry}': expected COLUMN=NUMBER, e.g. age=90.");
            }
            codes[parts[0].Trim()] = value;
        }
        return codes;
    }
}
