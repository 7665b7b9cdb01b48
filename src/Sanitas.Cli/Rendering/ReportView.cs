using System.Globalization;
using Sanitas.Anonymization;

namespace Sanitas.Cli.Rendering;

/// <summary>Prints the summary of an <see cref="AnonymizationReport"/>.</summary>
internal static class ReportView
{
    public static void WriteSummary(ICliConsole console, AnonymizationReport report, IReadOnlyDictionary<string, int>? reference = null, string referenceName = "")
    {
        var headers = reference is null ? new[] { "Attribute", "Level", "Max" } : ["Attribute", "Level", "Max", referenceName];
        var rows = report.Transformation.Select(t =>
        {
            string[] row = [t.Key, Number(t.Value), Number(report.MaxLevels.GetValueOrDefault(t.Key))];
            return (IReadOnlyList<string>)(reference is null ? row : [.. row, reference.TryGetValue(t.Key, out var r) ? Number(r) : "-"]);
        });
        console.WriteTable(headers, rows);
        var share = report.Records == 0 ? 0 : (double)report.SuppressedRecords / report.Records;
        console.WriteLine(Invariant($"Records:             {report.Records:N0}, suppressed {report.SuppressedRecords:N0} ({share:P1}; limit {report.SuppressionLimit:P1})"));
        console.WriteLine(Invariant($"Equivalence classes: {report.EquivalenceClasses:N0}, smallest {report.SmallestClass:N0}"));
        console.WriteLine(Invariant($"Information loss:    {report.InformationLoss.Value:R} ({report.InformationLoss.Metric})"));
        console.WriteLine(Invariant($"Search:              {(report.Optimal ? "optimal" : "heuristic")}, {report.NodesChecked:N0} of {report.LatticeSize:N0} transformations checked, {report.ElapsedMilliseconds / 1000.0:0.00} s"));
        console.WriteLine("Privacy models:      " + string.Join(", ", report.PrivacyModels));
    }

    public static void WriteFiles(ICliConsole console, AnonymizationReport report)
    {
        console.WriteLine($"Output:              {report.Output}");
        console.WriteLine($"Report:              {report.ReportPath}");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
