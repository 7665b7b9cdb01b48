using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Samples;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas sample clinical-trial</c>: writes the simulated smart-insole trial, the project's running example.</summary>
internal sealed class SampleCommand : Command
{
    private readonly Option<string> _out = new("--out", "-o") { Description = "The folder to write patients.csv, comorbidities.csv, readings.csv, trial.sqlite and trial.yaml to.", Required = true };
    private readonly Option<int> _patients = new("--patients") { Description = "The number of patients, randomized half to each arm.", DefaultValueFactory = _ => 300 };
    private readonly Option<int> _seed = new("--seed") { Description = "The simulation's seed; the same seed gives the same files.", DefaultValueFactory = _ => ClinicalTrialOptions.DefaultSeed };

    public SampleCommand(ICliConsole console)
        : base("sample", "Write sample data sets.")
    {
        var trial = new Command("clinical-trial", "Simulate the smart-insole trial (diabetic patients, foot temperatures, ulcers) as CSV, SQLite and DP metadata.")
        {
            _out,
            _patients,
            _seed,
        };
        trial.SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var options = new ClinicalTrialOptions { Patients = parse.GetValue(_patients), Seed = parse.GetValue(_seed) };
            var files = console.RunWithProgress("Simulating the trial", progress =>
                ClinicalTrialWriter.WriteAsync(options, parse.GetValue(_out)!, progress, ct).GetAwaiter().GetResult());
            string Count(int rows) => rows.ToString("N0", CultureInfo.InvariantCulture);
            console.WriteLine($"Simulated {Count(files.Patients)} patients (seed {options.Seed}):");
            console.WriteTable(["table", "rows", "file"],
            [
                ["Patients", Count(files.Patients), files.PatientsCsv],
                ["Comorbidities", Count(files.Comorbidities), files.ComorbiditiesCsv],
                ["Readings", Count(files.Readings), files.ReadingsCsv],
            ]);
            console.WriteLine($"SQLite database (tables Patients, Comorbidities, Readings): {files.Database}");
            console.WriteLine($"DP metadata: {files.Metadata}");
            return ExitCodes.Success;
        }), CancellationToken.None));
        Subcommands.Add(trial);
        Subcommands.Add(new MulticentreSampleCommand(console));
        Subcommands.Add(new AdultScaleSampleCommand(console));
    }
}
