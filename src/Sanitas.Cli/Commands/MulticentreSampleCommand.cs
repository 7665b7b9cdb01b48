using System.CommandLine;
using Sanitas.Cli.Rendering;
using Sanitas.Collaboration;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas sample multicentre</c>: the simulated multi-centre logistic-regression workload.</summary>
internal sealed class MulticentreSampleCommand : Command
{
    public MulticentreSampleCommand(ICliConsole console)
        : base("multicentre", "Simulate rows from a known logistic model split across centres: DIR/site1.csv … and DIR/pooled.csv (x1…xF, y).")
    {
        var rows = new Option<int>("--rows") { Description = "Rows over all sites.", DefaultValueFactory = _ => 49_152 };
        var features = new Option<int>("--features") { Description = "Features.", DefaultValueFactory = _ => 10 };
        var sites = new Option<int>("--sites") { Description = "Sites.", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--out", "-o") { Description = "The output folder.", Required = true };
        var seed = new Option<int>("--seed") { Description = "The simulation's seed.", DefaultValueFactory = _ => 1 };
        foreach (var option in new Option[] { rows, features, sites, output, seed })
        {
            Options.Add(option);
        }
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var options = new MulticentreSampleOptions { Rows = parse.GetValue(rows), Features = parse.GetValue(features), Sites = parse.GetValue(sites), Seed = parse.GetValue(seed) };
            var files = await MulticentreSample.WriteAsync(options, parse.GetValue(output)!, ct).ConfigureAwait(false);
            console.WriteLine($"Wrote {options.Rows:N0} rows ({options.Features} features, seed {options.Seed}): {string.Join(", ", files.Select(Path.GetFileName))} in {parse.GetValue(output)}.");
            return ExitCodes.Success;
        }));
    }
}
