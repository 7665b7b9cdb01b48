using System.Globalization;
using System.Net;
using System.Text;

namespace Sanitas.Learning;

/// <summary>
/// An SVG line chart of an experiment: the metric (mean over repeats) against ε on a logarithmic
/// x axis, one line per mechanism; mean squared error on a logarithmic y axis (it spans orders of
/// magnitude), accuracy on a linear one.
/// </summary>
public static class ExperimentPlot
{
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>The chart as an SVG document.</summary>
    public static string ToSvg(IReadOnlyList<ExperimentRow> rows, string title)
    {
        ArgumentNullException.ThrowIfNull(rows);
        const double Width = 640, Height = 420, Left = 70, Right = 170, Top = 40, Bottom = 50;
        var metric = rows.Count > 0 ? rows[0].Metric : "mse";
        var logY = metric == "mse";
        var xs = rows.Select(r => Math.Log10(r.Epsilon)).ToList();
        var ys = rows.Select(r => logY ? Math.Log10(Math.Max(r.Mean, 1e-12)) : r.Mean).Where(double.IsFinite).ToList();
        double xMin = xs.DefaultIfEmpty(-2).Min(), xMax = xs.DefaultIfEmpty(1).Max();
        double yMin = ys.DefaultIfEmpty(0).Min(), yMax = ys.DefaultIfEmpty(1).Max();
        if (logY)
        {
            yMin = Math.Floor(yMin);
            yMax = Math.Ceiling(yMax);
        }
        if (xMax - xMin < 1e-9)
        {
            xMin -= 1;
            xMax += 1;
        }
        if (yMax - yMin < 1e-9)
        {
            yMin -= logY ? 1 : 0.05;
            yMax += logY ? 1 : 0.05;
        }
        double X(double v) => Left + ((v - xMin) / (xMax - xMin) * (Width - Left - Right));
        double Y(double v) => Height - Bottom - ((v - yMin) / (yMax - yMin) * (Height - Top - Bottom));
        var svg = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(c, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(c, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{WebUtility.HtmlEncode(title)}</text>\n");
        svg.Append(c, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        svg.Append(c, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        for (var e = Math.Ceiling(xMin); e <= xMax + 1e-9; e++)
        {
            svg.Append(c, $"<line x1=\"{X(e):0.##}\" y1=\"{Height - Bottom}\" x2=\"{X(e):0.##}\" y2=\"{Height - Bottom + 5}\" stroke=\"black\"/>");
            svg.Append(c, $"<text x=\"{X(e):0.##}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{Math.Pow(10, e):G4}</text>\n");
        }
        svg.Append(c, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">ε (log scale)</text>\n");
        var ticks = logY
            ? Enumerable.Range(0, (int)(yMax - yMin) + 1).Select(i => yMin + i).ToList()
            : Enumerable.Range(0, 6).Select(i => yMin + (i * (yMax - yMin) / 5)).ToList();
        foreach (var t in ticks)
        {
            var label = logY ? Math.Pow(10, t).ToString("G3", c) : t.ToString("0.###", c);
            svg.Append(c, $"<line x1=\"{Left - 5}\" y1=\"{Y(t):0.##}\" x2=\"{Left}\" y2=\"{Y(t):0.##}\" stroke=\"black\"/>");
            svg.Append(c, $"<text x=\"{Left - 8}\" y=\"{Y(t) + 4:0.##}\" text-anchor=\"end\">{label}</text>\n");
        }
        svg.Append(c, $"<text transform=\"translate(16 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{metric}{(logY ? " (log scale)" : "")}</text>\n");
        var mechanisms = rows.Select(r => r.Mechanism).Distinct().ToList();
        for (var m = 0; m < mechanisms.Count; m++)
        {
            var colour = Colours[m % Colours.Length];
            var points = rows.Where(r => r.Mechanism == mechanisms[m] && double.IsFinite(r.Mean)).OrderBy(r => r.Epsilon)
                .Select(r => string.Create(c, $"{X(Math.Log10(r.Epsilon)):0.##},{Y(logY ? Math.Log10(Math.Max(r.Mean, 1e-12)) : r.Mean):0.##}")).ToList();
            svg.Append(c, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>\n");
            foreach (var p in points)
            {
                var xy = p.Split(',');
                svg.Append(c, $"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"3\" fill=\"{colour}\"/>");
            }
            var ly = Top + 10 + (m * 18);
            svg.Append(c, $"\n<line x1=\"{Width - Right + 15}\" y1=\"{ly}\" x2=\"{Width - Right + 35}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            svg.Append(c, $"<text x=\"{Width - Right + 40}\" y=\"{ly + 4}\">{WebUtility.HtmlEncode(mechanisms[m])}</text>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
