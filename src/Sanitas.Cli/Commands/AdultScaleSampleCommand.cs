using System.CommandLine;
using Sanitas.Cli.Rendering;
using Sanitas.Samples;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas sample adult-scale</c>: ARX's Adult extract repeated to any size, age jittered, for the big-table benchmarks.</summary>
internal sealed class AdultScaleSampleCommand : Command
{
    public AdultScaleSampleCommand(ICliConsole console)
        : base("adult-scale", "Write Adult-shaped rows: ARX's Adult records repeated, each age moved by up to ±4 years (clamped to the age hierarchy's 1–100), so ARX's Adult hierarchies apply.")
    {
        var rows = new Option<long>("--rows") { Description = "Rows to write.", DefaultValueFactory = _ => 1_000_000 };
        var output = new Option<string>("--out", "-o") { Description = "The CSV file to write (';'-separated, Adult's header).", Required = true };
        var seed = new Option<int>("--seed") { Description = "The jitter's seed; the same seed gives the same file.", DefaultValueFactory = _ => AdultScaleOptions.DefaultSeed };
        var source = new Option<string?>("--adult") { Description = "ARX's adult.csv (default: samples/adult/adult.csv of this installation); its folder must hold adult_hierarchy_age.csv." };
        foreach (var option in new Option[] { rows, output, seed, source })
        {
            Options.Add(option);
        }
        SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var options = new AdultScaleOptions { Rows = parse.GetValue(rows), Seed = parse.GetValue(seed) };
            if (options.Rows <= 0)
            {
                console.WriteError($"--rows must be positive, got {options.Rows}.");
                return ExitCodes.InvalidArguments;
            }
            var adult = parse.GetValue(source) ?? Path.Combine(Demo.Samples.Locate(), "adult", "adult.csv");
            var path = parse.GetValue(output)!;
            console.RunWithProgress($"Writing {options.Rows:N0} Adult-shaped rows", progress => AdultScale.Write(adult, path, options, progress, ct));
            console.WriteLine($"Wrote {options.Rows:N0} rows (seed {options.Seed}) to {path}; anonymize it with samples/adult/adult-k5.yaml.");
            return ExitCodes.Success;
        }), CancellationToken.None));
    }
}
