using System.Globalization;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Samples;

namespace Sanitas.Cli.Demo;

/// <summary>
/// The smart-insole trial: a seeded simulation of 300 patients, an analyst with a budget of ε = 1,
/// and the study's own query answered with differential privacy (ε = 0.5), charged to the ledger first.
/// </summary>
internal sealed class TrialDpQueryDemo : IDemoStep
{
    public string Title => "Smart-insole trial: the study's query with differential privacy (ε = 0.5 of a budget of 1)";

    public void Run(DemoContext context)
    {
        var console = context.Console;
        var trial = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions(), null, context.CancellationToken);
        var metadata = MetadataLoader.Parse(new StringReader(ClinicalTrialMetadata.ToYaml(trial.Options)), "trial.yaml");
        var tables = new Dictionary<string, Data.Table>
        {
            [ClinicalTrial.PatientsTable] = trial.Patients,
            [ClinicalTrial.ComorbiditiesTable] = trial.Comorbidities,
            [ClinicalTrial.ReadingsTable] = trial.Readings,
        };
        var ledgerPath = context.Output("trial-ledger.sqlite");
        File.Delete(ledgerPath);
        var ledger = new SqliteBudgetLedger(ledgerPath);
        ledger.SetBudgetAsync("alice", "trial", 1.0, 0, context.CancellationToken).GetAwaiter().GetResult();
        var result = DpQueryEngine.ExecuteAsync(ClinicalTrial.StudyQuery, 0.5, metadata, tables, ledger, "alice", "trial", null, context.CancellationToken).GetAwaiter().GetResult();
        console.WriteLine(ClinicalTrial.StudyQuery.Trim());
        var shown = result.Rows.Select((row, i) => (row, ci: result.ConfidenceIntervals[i]))
            .Where(r => r.row[0] is long age && age is >= 55 and <= 70)
            .Select(r => (IReadOnlyList<string>)[Format(r.row[0]), Format(r.row[1]), Format(r.row[2]), "± " + Format(r.ci[2])])
            .ToList();
        console.WriteTable(["AgeGroup", "Disease", "COUNT(*) (noisy)", "95% noise interval"], shown);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Rows.Count} groups released (every public AgeGroup × Disease, {shown.Count} shown); ε spent {result.EpsilonSpent}, remaining {result.EpsilonRemaining:0.###}."));
        console.WriteLine($"Ledger:              {ledgerPath}");
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.#", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
