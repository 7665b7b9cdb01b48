using System.Globalization;
using Sanitas.Risk;
using Sanitas.Workflows;

namespace Sanitas.Cli.Demo;

/// <summary>
/// The steward's question after step one: how much re-identification risk is left? Measures the raw
/// Adult extract and the 5-anonymous output of <see cref="AdultKAnonymityDemo"/> with ARX's
/// quasi-identifiers and judges both against the thresholds of <c>samples/adult/adult-risk.yaml</c>.
/// </summary>
internal sealed class AdultRiskDemo : IDemoStep
{
    public string Title => "Re-identification risk of Adult before and after 5-anonymity (thresholds from adult-risk.yaml)";

    public void Run(DemoContext context)
    {
        var console = context.Console;
        var config = context.Sample("adult/adult-risk.yaml");
        var anonymized = context.Output("adult-anonymized.csv");
        if (!File.Exists(anonymized))
        {
            throw new FileNotFoundException($"{anonymized} is missing: the anonymization step writes it first.", anonymized);
        }
        var raw = Assess(console, "Measuring risk of the raw data", config, context.Sample("adult/adult.csv"), context.Output("adult-raw-risk"), context.CancellationToken);
        var released = Assess(console, "Measuring risk of the 5-anonymous output", config, anonymized, context.Output("adult-anonymized-risk"), context.CancellationToken);
        console.WriteTable(["Measure", "Raw", "5-anonymous"],
        [
            Row("Highest prosecutor risk", raw.Prosecutor.Highest, released.Prosecutor.Highest),
            Row("Average prosecutor risk", raw.Prosecutor.Average, released.Prosecutor.Average),
            Row("Records at risk (> 0.2)", raw.Prosecutor.RecordsAtRisk, released.Prosecutor.RecordsAtRisk),
            Row("Sample uniques", raw.SampleUniques, released.SampleUniques),
            Row($"Population uniques ({raw.PopulationUniques.Model} / {released.PopulationUniques.Model})", raw.PopulationUniques.Value, released.PopulationUniques.Value),
            ["Verdict", raw.Verdict, released.Verdict],
        ]);
        if (raw.FailedChecks.Count > 0)
        {
            console.WriteLine("Raw data fails:      " + string.Join(", ", raw.FailedChecks));
        }
        console.WriteLine($"Reports:             {context.Output("adult-raw-risk.html")}, {context.Output("adult-anonymized-risk.html")}");
    }

    private static RiskReport Assess(Rendering.ICliConsole console, string label, string config, string input, string reportStem, CancellationToken cancellationToken)
    {
        var request = new RiskRequest
        {
            ConfigPath = config,
            InputPath = input,
            ReportPath = reportStem + ".json",
            HtmlPath = reportStem + ".html",
        };
        return console.RunWithProgress(label, progress => FileRiskAssessor.RunAsync(request, progress, cancellationToken).GetAwaiter().GetResult());
    }

    private static IReadOnlyList<string> Row(string name, double raw, double released) =>
        [name, raw.ToString("0.####", CultureInfo.InvariantCulture), released.ToString("0.####", CultureInfo.InvariantCulture)];
}
