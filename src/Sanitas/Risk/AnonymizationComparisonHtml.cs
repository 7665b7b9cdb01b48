using System.Globalization;
using System.Net;
using System.Text;
using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Risk;

/// <summary>
/// One self-contained HTML page comparing a table before and after anonymization: re-identification
/// risk side by side (prosecutor, marketer, uniques, classes; per-record risk histograms as inline SVG),
/// utility side by side (each quasi-identifier's level, weight, distinct values and loss with its
/// percentage of the maximum), the steward's warnings, and the transformation. Inline CSS and SVG only,
/// no external assets; every text from the data HTML-escaped.
/// </summary>
public static class AnonymizationComparisonHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private const int Bins = 10;

    /// <summary>Measures the risk of <paramref name="input"/> and of <paramref name="result"/>'s output and renders the page.</summary>
    /// <param name="input">The table before anonymization.</param>
    /// <param name="result">The anonymization result (its output is the table after).</param>
    /// <param name="report">The report of <paramref name="result"/>.</param>
    /// <param name="cancellationToken">Cancels the risk measurement.</param>
    public static string Render(Table input, AnonymizationResult result, AnonymizationReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(report);
        var qis = result.Transformation.Select(t => t.Key).ToArray();
        var before = RiskMeasures.Measure(input, qis, cancellationToken: cancellationToken);
        var after = RiskMeasures.Measure(result.Output, qis, cancellationToken: cancellationToken);
        return Render(before, after, result, report);
    }

    internal static string Render(RiskMeasures before, RiskMeasures after, AnonymizationResult result, AnonymizationReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Anonymization: before and after</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:64em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
            .Append(".warn{background:#fff8c5;border:1px solid #d4a72c;padding:.5em 1em;margin:.5em 0}.better{color:#1a7f37}.worse{color:#cf222e}")
            .Append(".bar{display:inline-block;height:.8em;background:#0969da;vertical-align:middle}.track{display:inline-block;width:8em;background:#eaeef2;margin-right:.4em}")
            .Append(".side{display:flex;gap:2em;flex-wrap:wrap}svg text{font-size:11px}")
            .Append("</style></head><body>\n");
        html.Append("<h1>Anonymization: before and after</h1>\n");
        if (report.Input is { } input)
        {
            html.Append("<p>Input: <code>").Append(E(input)).Append("</code>");
            if (report.Output is { } output)
            {
                html.Append(" → output: <code>").Append(E(output)).Append("</code>");
            }
            html.Append("</p>\n");
        }
        html.Append("<p>Privacy models: ").Append(E(string.Join(", ", report.PrivacyModels)))
            .Append(I($". Suppression limit {100 * report.SuppressionLimit:0.##}%. Search: {(result.IsOptimal ? "optimal" : "heuristic")}, {result.NodesChecked:N0} of {result.LatticeSize:N0} transformations checked.</p>\n"));

        if (result.Warnings.Count > 0)
        {
            html.Append("<h2>Warnings</h2>\n");
            foreach (var warning in result.Warnings)
            {
                html.Append("<p class=\"warn\" data-code=\"").Append(E(warning.Code)).Append("\">").Append(E(warning.Message)).Append("</p>\n");
            }
        }

        html.Append("<h2>Re-identification risk</h2>\n<table><tr><th>Measure</th><th>Before</th><th>After</th></tr>\n");
        RiskRow(html, "Records", before.Records, after.Records, lowerIsBetter: null, integer: true);
        RiskRow(html, "Suppressed records", before.SuppressedRecords, after.SuppressedRecords, lowerIsBetter: null, integer: true);
        RiskRow(html, "Equivalence classes", before.EquivalenceClasses, after.EquivalenceClasses, lowerIsBetter: null, integer: true);
        RiskRow(html, "Smallest class", Smallest(before), Smallest(after), lowerIsBetter: false, integer: true);
        RiskRow(html, "Prosecutor risk, highest", before.Prosecutor.Highest, after.Prosecutor.Highest, lowerIsBetter: true);
        RiskRow(html, "Prosecutor risk, average", before.Prosecutor.Average, after.Prosecutor.Average, lowerIsBetter: true);
        RiskRow(html, I($"Records at risk (risk > {before.Prosecutor.Threshold:0.##})"), before.Prosecutor.RecordsAtRisk, after.Prosecutor.RecordsAtRisk, lowerIsBetter: true);
        RiskRow(html, "Marketer risk", before.Marketer, after.Marketer, lowerIsBetter: true);
        RiskRow(html, "Sample uniques", before.SampleUniques, after.SampleUniques, lowerIsBetter: true);
        RiskRow(html, "Population uniques (Dankar et al.'s rule)", before.PopulationUniques.Value, after.PopulationUniques.Value, lowerIsBetter: true);
        html.Append("</table>\n<div class=\"side\">\n");
        Histogram(html, "Per-record prosecutor risk, before", before);
        Histogram(html, "Per-record prosecutor risk, after", after);
        html.Append("</div>\n");

        html.Append("<h2>Utility</h2>\n");
        html.Append(I($"<p>Information loss: <b>{N(result.InformationLoss)}</b> ({E(Anonymizer.MetricName(result.Metric))}), "))
            .Append(I($"<b>{result.InformationLossPercent:0.0}%</b> of the maximum {N(result.MaximumInformationLoss)} (every quasi-identifier at its top level, nothing suppressed).</p>\n"));
        var metric = result.Attributes.Count > 0 ? result.Attributes[0].Metric : "";
        html.Append("<table><tr><th>Quasi-identifier</th><th>Level</th><th>Allowed levels</th><th>Weight</th><th>Distinct values before</th><th>after</th>")
            .Append("<th>Loss (").Append(E(metric)).Append(")</th><th>Maximum</th><th>% of maximum</th></tr>\n");
        foreach (var a in result.Attributes)
        {
            var width = Math.Clamp(a.Percent, 0, 100);
            html.Append("<tr><td>").Append(E(a.Attribute)).Append("</td>")
                .Append(I($"<td class=\"n\">{a.Level} of {a.HierarchyHeight}</td><td class=\"n\">{a.MinLevel}–{a.MaxLevel}</td><td class=\"n\">{a.Weight:0.###}</td>"))
                .Append(I($"<td class=\"n\">{a.DistinctValuesBefore:N0}</td><td class=\"n\">{a.DistinctValuesAfter:N0}</td><td class=\"n\">{N(a.Value)}</td><td class=\"n\">{N(a.Maximum)}</td>"))
                .Append(I($"<td><span class=\"track\"><span class=\"bar\" style=\"width:{width:0.#}%\"></span></span>{a.Percent:0.0}%</td></tr>\n"));
        }
        html.Append("</table>\n");
        html.Append("<table><tr><th>Metric</th><th>Value</th></tr>\n");
        foreach (var (name, value) in report.Utility)
        {
            html.Append("<tr><td>").Append(E(name)).Append("</td><td class=\"n\">").Append(N(value)).Append("</td></tr>\n");
        }
        html.Append("</table>\n</body></html>\n");
        return html.ToString();
    }

    private static int Smallest(RiskMeasures measures) => measures.Prosecutor.Highest == 0 ? 0 : (int)Math.Round(1 / measures.Prosecutor.Highest);

    private static void RiskRow(StringBuilder html, string name, double before, double after, bool? lowerIsBetter, bool integer = false)
    {
        var css = lowerIsBetter is not { } lower || before == after ? "" : (after < before) == lower ? " better" : " worse";
        html.Append("<tr><td>").Append(E(name)).Append("</td><td class=\"n\">").Append(integer ? before.ToString("N0", C) : N(before))
            .Append("</td><td class=\"n").Append(css).Append("\">").Append(integer ? after.ToString("N0", C) : N(after)).Append("</td></tr>\n");
    }

    private static void Histogram(StringBuilder html, string title, RiskMeasures measures)
    {
        // Bins of width 0.1 over the released records' risk (suppressed records, risk 0, are left out).
        var counts = new int[Bins];
        for (var r = 0; r < measures.RecordRisks.Count; r++)
        {
            var risk = measures.RecordRisks[r];
            if (risk > 0)
            {
                counts[Math.Min(Bins - 1, (int)(risk * Bins))]++;
            }
        }
        const int width = 360, height = 180, left = 45, bottom = 28, top = 20;
        var plotWidth = width - left - 10;
        var plotHeight = height - bottom - top;
        var max = Math.Max(1, counts.Max());
        var barWidth = (double)plotWidth / Bins;
        html.Append(I($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)}\">\n"));
        html.Append(I($"<text x=\"{left}\" y=\"12\">{E(title)}</text>\n"));
        html.Append(I($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"#333\"/>\n"));
        html.Append(I($"<text x=\"{left - 5}\" y=\"{top + 10}\" text-anchor=\"end\">{max:N0}</text><text x=\"{left - 5}\" y=\"{top + plotHeight}\" text-anchor=\"end\">0</text>\n"));
        for (var i = 0; i < Bins; i++)
        {
            var h = (double)counts[i] / max * plotHeight;
            var x = left + (i * barWidth);
            html.Append(I($"<rect x=\"{x + 1:0.#}\" y=\"{top + plotHeight - h:0.#}\" width=\"{barWidth - 2:0.#}\" height=\"{h:0.#}\" fill=\"{(i >= 5 ? "#cf222e" : "#0969da")}\"><title>risk {i / (double)Bins:0.0}–{(i + 1) / (double)Bins:0.0}: {counts[i]:N0} records</title></rect>\n"));
            if (i % 2 == 0)
            {
                html.Append(I($"<text x=\"{x:0.#}\" y=\"{height - 10}\">{i / (double)Bins:0.0}</text>\n"));
            }
        }
        html.Append(I($"<text x=\"{left + plotWidth}\" y=\"{height - 10}\" text-anchor=\"end\">1</text>\n"));
        html.Append("</svg>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.######", C);

    private static string I(FormattableString text) => text.ToString(C);
}
