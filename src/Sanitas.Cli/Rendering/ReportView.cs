using System.Globalization;
using Sanitas.Anonymization;

namespace Sanitas.Cli.Rendering;

/// <summary>Prints the summary of an <see cref="AnonymizationReport"/>.</summary>
internal static class ReportView
{
    public static void WriteSummary(ICliConsole console, AnonymizationReport report, IReadOnlyDictionary<string, int>? reference = null, string referenceName = "")
    {
        var losses = (report.Attributes ?? []).ToDictionary(a => a.Attribute, StringComparer.Ordinal);
        var lossMetric = report.Attributes is { Count: > 0 } a0 ? a0[0].Metric : null;
        string[] headers = ["Attribute", "Level", "Max"];
        if (lossMetric is not null)
        {
            headers = [.. headers, "Weight", $"Loss ({lossMetric})", "% of max", "Values"];
        }
        if (reference is not null)
        {
            headers = [.. headers, referenceName];
        }
        var rows = report.Transformation.Select(t =>
        {
            string[] row = [t.Key, Number(t.Value), Number(report.MaxLevels.GetValueOrDefault(t.Key))];
            if (lossMetric is not null && losses.TryGetValue(t.Key, out var loss))
            {
                row = [.. row, Invariant($"{loss.Weight:0.###}"), Invariant($"{loss.Value:0.####}"), Invariant($"{loss.Percent:0.0}%"), Invariant($"{loss.DistinctValuesBefore:N0} → {loss.DistinctValuesAfter:N0}")];
            }
            return (IReadOnlyList<string>)(reference is null ? row : [.. row, reference.TryGetValue(t.Key, out var r) ? Number(r) : "-"]);
        });
        console.WriteTable(headers, rows);
        var share = report.Records == 0 ? 0 : (double)report.SuppressedRecords / report.Records;
        console.WriteLine(Invariant($"Records:             {report.Records:N0}, suppressed {report.SuppressedRecords:N0} ({share:P1}; limit {report.SuppressionLimit:P1})"));
        console.WriteLine(Invariant($"Equivalence classes: {report.EquivalenceClasses:N0}, smallest {report.SmallestClass:N0}"));
        var percent = report.InformationLoss.Percent is { } p ? Invariant($", {p:0.0}% of the maximum {report.InformationLoss.Maximum:R}") : "";
        console.WriteLine(Invariant($"Information loss:    {report.InformationLoss.Value:R} ({report.InformationLoss.Metric}{percent})"));
        var search = report.Search switch
        {
            "lightning" => report.Optimal ? "lightning (finished: optimal)" : "lightning (budget spent: not proven optimal)",
            "heuristic" => "heuristic",
            _ => report.Optimal ? "optimal" : "heuristic",
        };
        console.WriteLine(Invariant($"Search:              {search}, {report.NodesChecked:N0} of {report.LatticeSize:N0} transformations checked, {report.ElapsedMilliseconds / 1000.0:0.00} s"));
        console.WriteLine("Privacy models:      " + string.Join(", ", report.PrivacyModels));
        foreach (var warning in report.Warnings ?? [])
        {
            console.WriteLine("Warning: " + warning.Message);
        }
    }

    public static void WriteFiles(ICliConsole console, AnonymizationReport report)
    {
        console.WriteLine($"Output:              {report.Output}");
        console.WriteLine($"Report:              {report.ReportPath}");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
