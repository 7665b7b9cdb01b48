using System.Globalization;
using Sanitas.Anonymization;
using Sanitas.Cli.Rendering;
using Sanitas.Workflows;

namespace Sanitas.Cli.Demo;

/// <summary>
/// ARX's standard example: the Adult census extract (30,162 records, nine quasi-identifiers) made
/// 5-anonymous with at most 4% suppression, minimizing non-uniform entropy; compared with the
/// optimum ARX's own test suite asserts (TestAnonymizationKAnonymity).
/// </summary>
internal sealed class AdultKAnonymityDemo : IDemoStep
{
    /// <summary>The information loss ARX reports for this configuration.</summary>
    public const double ArxInformationLoss = 255559.85455731067;

    /// <summary>The transformation ARX finds for this configuration.</summary>
    public static readonly IReadOnlyDictionary<string, int> ArxTransformation = new Dictionary<string, int>
    {
        ["sex"] = 1,
        ["age"] = 0,
        ["race"] = 1,
        ["marital-status"] = 1,
        ["education"] = 3,
        ["native-country"] = 2,
        ["workclass"] = 2,
        ["occupation"] = 0,
        ["salary-class"] = 1,
    };

    public string Title => "Adult census data, 5-anonymity (ARX's standard example)";

    public void Run(DemoContext context)
    {
        var console = context.Console;
        var report = AnonymizationProgressView.Run(console, progress =>
            FileAnonymizer.Run(context.Sample("adult/adult-k5.yaml"), context.Sample("adult/adult.csv"),
                context.Output("adult-anonymized.csv"), context.Output("adult-report.json"), progress, context.CancellationToken));
        ReportView.WriteSummary(console, report, ArxTransformation, "ARX");
        var difference = (report.InformationLoss.Value - ArxInformationLoss) / ArxInformationLoss;
        var verdict = Math.Abs(difference) <= 1e-9 ? "the same" : string.Create(CultureInfo.InvariantCulture, $"relative difference {difference:0.##E+0}");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ARX's loss:          {ArxInformationLoss:R} ({verdict})"));
        ReportView.WriteFiles(console, report);
    }
}
