using System.Globalization;
using System.Net;
using System.Text;

namespace Sanitas.Risk;

/// <summary>
/// Renders a <see cref="RiskReport"/> as one self-contained HTML page: inline CSS, charts as inline
/// SVG (per-record risk histogram; attack success next to its baseline with 95% whiskers), every
/// text from the data HTML-escaped.
/// </summary>
internal static class RiskReportHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(RiskReport report)
    {
        var html = new StringBuilder();
        var verdictClass = report.Passed ? "pass" : "fail";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Re-identification risk report</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
            .Append(".pass{color:#1a7f37}.fail{color:#cf222e}.verdict{font-size:1.6em;font-weight:bold}svg text{font-size:11px}")
            .Append("</style></head><body>\n");
        html.Append("<h1>Re-identification risk report</h1>\n");
        if (report.Input is { } input)
        {
            html.Append("<p>Input: <code>").Append(E(input)).Append("</code></p>\n");
        }
        html.Append("<p class=\"verdict ").Append(verdictClass).Append("\">Verdict: ").Append(report.Verdict).Append("</p>\n");
        html.Append("<p>Quasi-identifiers: ").Append(E(string.Join(", ", report.QuasiIdentifiers))).Append(". ")
            .Append(I($"{report.Records:N0} records, {report.SuppressedRecords:N0} suppressed, {report.EquivalenceClasses:N0} equivalence classes; sampling fraction {report.SamplingFraction}, per-record threshold {report.Threshold}."))
            .Append("</p>\n");

        if (report.Checks.Count > 0)
        {
            html.Append("<h2>Checks</h2>\n<table><tr><th>Threshold</th><th>Measured</th><th>Limit</th><th>Result</th></tr>\n");
            foreach (var check in report.Checks)
            {
                html.Append("<tr><td>").Append(E(check.Name)).Append("</td><td class=\"n\">").Append(N(check.Value)).Append("</td><td class=\"n\">").Append(N(check.Limit))
                    .Append("</td><td class=\"").Append(check.Passed ? "pass" : "fail").Append("\">").Append(check.Passed ? "pass" : "fail").Append("</td></tr>\n");
            }
            html.Append("</table>\n");
        }

        html.Append("<h2>Measures</h2>\n<table><tr><th>Measure</th><th>Value</th></tr>\n");
        void Row(string name, string value) => html.Append("<tr><td>").Append(E(name)).Append("</td><td class=\"n\">").Append(E(value)).Append("</td></tr>\n");
        Row("Prosecutor risk, highest", N(report.Prosecutor.Highest));
        Row("Prosecutor risk, average (ARX success rate)", N(report.Prosecutor.Average));
        Row("Records at risk (prosecutor)", N(report.Prosecutor.RecordsAtRisk));
        Row(report.WithPopulation ? "Journalist risk, highest (population)" : "Journalist risk, highest (= prosecutor)", N(report.Journalist.Highest));
        Row("Journalist risk, average", N(report.Journalist.Average));
        Row("Marketer risk", N(report.Marketer));
        Row("Sample uniques", N(report.SampleUniques));
        Row($"Population uniques ({report.PopulationUniques.Model})", N(report.PopulationUniques.Value));
        Row("Individual risk, max (sdcMicro)", N(report.IndividualRisk.Max));
        Row("Global risk (mean individual risk)", N(report.GlobalRisk.Mean));
        Row("Expected re-identifications", N(report.GlobalRisk.ExpectedReidentifications));
        if (report.Suda is { } suda)
        {
            Row("SUDA: records with a minimal sample unique", suda.RecordsWithMsu.ToString("N0", C));
            Row("SUDA: highest score", N(suda.MaxScore));
            Row("DIS-SUDA: highest score", N(suda.MaxDisScore));
        }
        html.Append("</table>\n");

        html.Append("<h2>Per-record prosecutor risk</h2>\n");
        Histogram(html, report.RiskDistribution, report.Threshold);

        html.Append("<h2>Attacks</h2>\n");
        if (report.Attacks.Count == 0)
        {
            html.Append("<p>No attacks were run.</p>\n");
        }
        else
        {
            AttackBars(html, report);
            html.Append("<p>Each attack's success rate (with its 95% Wilson interval) next to the baseline, the success of a guess without the released data; ")
                .Append("the advantage is (success − baseline) / (1 − baseline), judged against the attack's limit.</p>\n");
            html.Append("<table><tr><th>Attack</th><th>Trials</th><th>Success</th><th>95% interval</th><th>Baseline</th><th>Advantage</th><th>Limit</th><th>Result</th></tr>\n");
            for (var i = 0; i < report.Attacks.Count; i++)
            {
                var a = report.Attacks[i];
                var name = report.AttackNames?[i] ?? a.Kind;
                var limit = report.AttackNames is null ? report.Thresholds.MaxAttackAdvantage : report.Thresholds.AttackLimit(name);
                var result = limit is not { } l ? "-" : a.Advantage <= l ? "pass" : "fail";
                html.Append("<tr><td><b>").Append(E(name)).Append("</b><br>").Append(E(a.Description));
                if (report.AttackDetails?[i] is { Count: > 0 } details)
                {
                    html.Append("<br><small>").Append(E(string.Join(", ", details.Select(d => $"{d.Key} {N(d.Value)}")))).Append("</small>");
                }
                html.Append("</td><td class=\"n\">").Append(a.Trials.ToString("N0", C))
                    .Append("</td><td class=\"n\">").Append(N(a.SuccessRate))
                    .Append("</td><td class=\"n\">").Append(N(a.Interval.Lower)).Append(" – ").Append(N(a.Interval.Upper))
                    .Append("</td><td class=\"n\">").Append(N(a.Baseline)).Append("</td><td class=\"n\">").Append(N(a.Advantage))
                    .Append("</td><td class=\"n\">").Append(limit is { } m ? N(m) : "-")
                    .Append("</td><td class=\"").Append(result).Append("\">").Append(result).Append("</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Histogram(StringBuilder html, IReadOnlyList<RiskHistogramBin> bins, double threshold)
    {
        const int width = 600, height = 220, left = 50, bottom = 30, top = 10;
        var plotWidth = width - left - 10;
        var plotHeight = height - bottom - top;
        var max = Math.Max(1, bins.Max(b => b.Records));
        var barWidth = (double)plotWidth / bins.Count;
        html.Append(I($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Histogram of per-record risk\">\n"));
        html.Append(I($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"#333\"/>\n"));
        html.Append(I($"<text x=\"{left - 5}\" y=\"{top + 10}\" text-anchor=\"end\">{max:N0}</text><text x=\"{left - 5}\" y=\"{top + plotHeight}\" text-anchor=\"end\">0</text>\n"));
        for (var i = 0; i < bins.Count; i++)
        {
            var h = (double)bins[i].Records / max * plotHeight;
            var x = left + (i * barWidth);
            var colour = bins[i].From >= threshold ? "#cf222e" : "#0969da";
            html.Append(I($"<rect x=\"{x + 1:0.#}\" y=\"{top + plotHeight - h:0.#}\" width=\"{barWidth - 2:0.#}\" height=\"{h:0.#}\" fill=\"{colour}\"><title>risk {bins[i].From:0.##}–{bins[i].To:0.##}: {bins[i].Records:N0} records</title></rect>\n"));
            if (i % 4 == 0)
            {
                html.Append(I($"<text x=\"{x:0.#}\" y=\"{height - 12}\">{bins[i].From:0.##}</text>\n"));
            }
        }
        html.Append(I($"<text x=\"{left + plotWidth}\" y=\"{height - 12}\" text-anchor=\"end\">1</text>\n"));
        html.Append("</svg>\n");
    }

    private static void AttackBars(StringBuilder html, RiskReport report)
    {
        const int width = 600, rowHeight = 40, left = 160, right = 20;
        var height = (report.Attacks.Count * rowHeight) + 30;
        var plotWidth = width - left - right;
        html.Append(I($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Attack success versus baseline\">\n"));
        for (var i = 0; i < report.Attacks.Count; i++)
        {
            var a = report.Attacks[i];
            var y = 10 + (i * rowHeight);
            html.Append(I($"<text x=\"{left - 5}\" y=\"{y + 14}\" text-anchor=\"end\">{E(report.AttackNames?[i] ?? a.Kind)}</text>\n"));
            html.Append(I($"<rect x=\"{left}\" y=\"{y}\" width=\"{a.SuccessRate * plotWidth:0.#}\" height=\"12\" fill=\"#0969da\"><title>success {a.SuccessRate:0.####}</title></rect>\n"));
            html.Append(I($"<rect x=\"{left}\" y=\"{y + 14}\" width=\"{a.Baseline * plotWidth:0.#}\" height=\"12\" fill=\"#8c959f\"><title>baseline {a.Baseline:0.####}</title></rect>\n"));
            var lo = left + (a.Interval.Lower * plotWidth);
            var hi = left + (a.Interval.Upper * plotWidth);
            html.Append(I($"<line x1=\"{lo:0.#}\" y1=\"{y + 6}\" x2=\"{hi:0.#}\" y2=\"{y + 6}\" stroke=\"#222\"/><line x1=\"{lo:0.#}\" y1=\"{y + 1}\" x2=\"{lo:0.#}\" y2=\"{y + 11}\" stroke=\"#222\"/><line x1=\"{hi:0.#}\" y1=\"{y + 1}\" x2=\"{hi:0.#}\" y2=\"{y + 11}\" stroke=\"#222\"/>\n"));
        }
        html.Append(I($"<text x=\"{left}\" y=\"{height - 5}\">0</text><text x=\"{left + plotWidth}\" y=\"{height - 5}\" text-anchor=\"end\">1</text>\n"));
        html.Append("</svg>\n<p><span style=\"color:#0969da\">■</span> success rate with 95% interval, <span style=\"color:#8c959f\">■</span> baseline</p>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.######", C);

    private static string I(FormattableString text) => text.ToString(C);
}
