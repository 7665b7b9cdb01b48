using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sanitas.Data;

namespace Sanitas.Synthesis;

/// <summary>
/// The files of a synthesis: the privacy log (JSON, for the analyst: DP output only) and the
/// evaluation report (JSON and a self-contained HTML page with inline SVG, for the data owner:
/// computed from the real data and labelled so). Written atomically.
/// </summary>
public static class SynthesisReports
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The privacy log as JSON.</summary>
    public static string LogJson(SynthesisLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var steps = new JsonArray();
        foreach (var s in log.Steps)
        {
            var step = new JsonObject { ["kind"] = s.Kind, ["attributes"] = new JsonArray([.. s.Attributes.Select(a => (JsonNode)a)]), ["rho"] = s.Rho };
            if (s.Kind == "measure")
            {
                step["sigma"] = s.Sigma;
            }
            else
            {
                step["epsilon"] = s.Epsilon;
            }
            steps.Add(step);
        }
        var json = new JsonObject
        {
            ["audience"] = "analyst: a differentially private release; every number is declared or DP",
            ["mechanism"] = log.Mechanism,
            ["epsilon"] = log.Epsilon,
            ["delta"] = log.Delta,
            ["rho"] = log.Rho,
            ["conversion"] = "rho-zCDP implies (epsilon, delta)-DP by Canonne, Kamath & Steinke 2020, Corollary 13; rho is the largest that does",
            ["neighbouring"] = "add or remove one row (one person)",
            ["rhoSpent"] = log.RhoSpent,
            ["estimatedRows"] = Math.Round(log.EstimatedRows, 1),
            ["rows"] = log.Rows,
            ["cliques"] = new JsonArray([.. log.Cliques.Select(c => (JsonNode)new JsonArray([.. c.Select(a => (JsonNode)a)]))]),
            ["steps"] = steps,
        };
        if (log.DpCtgan is { } gan)
        {
            json["dpsgd"] = new JsonObject
            {
                ["accountant"] = "Renyi DP: the 1-way marginals (rho-zCDP) composed with the Poisson-sampled Gaussian DP-SGD steps of the discriminator; (epsilon, delta) by Balle et al. 2020",
                ["samplingRate"] = gan.SamplingRate,
                ["steps"] = gan.Steps,
                ["noiseMultiplier"] = gan.NoiseMultiplier,
                ["clippingNorm"] = gan.ClippingNorm,
                ["epsilon"] = gan.Epsilon,
                ["order"] = gan.Order,
            };
        }
        if (log.Fidelity is { } fidelity)
        {
            json["fidelity"] = FidelityJson(fidelity);
        }
        return json.ToJsonString(Indented);
    }

    /// <summary>The fidelity against the released measurements as JSON (part of the privacy log: DP values only).</summary>
    internal static JsonObject FidelityJson(MeasurementFidelity fidelity)
    {
        ArgumentNullException.ThrowIfNull(fidelity);
        return new JsonObject
        {
            ["against"] = MeasurementFidelity.Description,
            ["scope"] = fidelity.Scope,
            ["noiseModel"] = MeasurementFidelity.NoiseModel,
            ["byDegree"] = new JsonArray([.. fidelity.Degrees.Select(d => (JsonNode)new JsonObject
            {
                ["degree"] = d.Degree,
                ["count"] = d.Count,
                ["meanTvd"] = d.MeanTvd,
                ["meanNoiseTvd"] = d.MeanNoiseTvd,
                ["maxExcess"] = d.MaxExcess,
                ["worst"] = new JsonArray([.. d.Worst.Select(a => (JsonNode)a)]),
            })]),
            ["measurements"] = new JsonArray([.. fidelity.Fits.Select(f => (JsonNode)new JsonObject
            {
                ["attributes"] = new JsonArray([.. f.Attributes.Select(a => (JsonNode)a)]),
                ["cells"] = f.Cells,
                ["sigma"] = f.Sigma,
                ["tvd"] = f.Tvd,
                ["noiseTvd"] = f.NoiseTvd,
            })]),
        };
    }

    /// <summary>The evaluation report as JSON (keys <c>tvd.oneWay</c>, <c>tvd.twoWay</c>, <c>tvd.threeWay</c>, <c>tvd.maxTwoWay</c>, <c>tstr.accuracySynthetic</c>, <c>tstr.accuracyReal</c>, …).</summary>
    public static string EvaluationJson(SynthesisEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var tvd = new JsonObject();
        string[] names = ["oneWay", "twoWay", "threeWay"];
        foreach (var m in evaluation.Marginals.Where(m => m.Degree <= 3))
        {
            tvd[names[m.Degree - 1]] = m.Mean;
        }
        foreach (var m in evaluation.Marginals.Where(m => m.Degree <= 3))
        {
            var title = names[m.Degree - 1];
            tvd["max" + char.ToUpperInvariant(title[0]) + title[1..]] = m.Max;
            tvd["worst" + char.ToUpperInvariant(title[0]) + title[1..]] = new JsonArray([.. m.Worst.Select(w => (JsonNode)w)]);
        }
        var json = new JsonObject
        {
            ["audience"] = SynthesisEvaluation.Audience,
            ["differentiallyPrivate"] = false,
            ["realRows"] = evaluation.RealRows,
            ["syntheticRows"] = evaluation.SyntheticRows,
            ["tvd"] = tvd,
            ["association"] = new JsonObject { ["cramersVMeanDifference"] = evaluation.AssociationMeanDifference, ["cramersVMaxDifference"] = evaluation.AssociationMaxDifference },
            ["pmse"] = evaluation.Pmse,
        };
        if (evaluation.Target is { } target)
        {
            json["tstr"] = new JsonObject
            {
                ["target"] = target,
                ["model"] = "logistic regression on one-hot cells",
                ["accuracySynthetic"] = evaluation.AccuracySynthetic,
                ["accuracyReal"] = evaluation.AccuracyReal,
                ["accuracyMajority"] = evaluation.AccuracyMajority,
            };
        }
        if (evaluation.MembershipInference is { } mia)
        {
            json["membershipInference"] = new JsonObject
            {
                ["attack"] = mia.Attack,
                ["members"] = mia.Members,
                ["nonMembers"] = mia.NonMembers,
                ["auc"] = mia.Auc,
                ["aucInterval"] = new JsonArray(mia.AucInterval.Lower, mia.AucInterval.Upper),
                ["tprAtOnePermilleFpr"] = mia.TprAtOnePermille,
                ["tprAtOnePercentFpr"] = mia.TprAtOnePercent,
            };
        }
        if (evaluation.Distances is { } d)
        {
            json["dcr"] = new JsonObject
            {
                ["syntheticRowsSampled"] = d.Rows,
                ["rowsCompared"] = d.Compared,
                ["meanToTraining"] = d.MeanToTraining,
                ["meanToHoldout"] = d.MeanToHoldout,
                ["exactCopiesOfTraining"] = d.ExactTraining,
                ["exactCopiesOfHoldout"] = d.ExactHoldout,
                ["closerToTraining"] = d.CloserToTraining,
            };
        }
        if (evaluation.Risks.Count > 0)
        {
            var risks = new JsonObject();
            foreach (var r in evaluation.Risks)
            {
                risks[r.Attack] = new JsonObject
                {
                    ["attempts"] = r.Attempts,
                    ["attackRate"] = r.AttackRate,
                    ["attackInterval"] = new JsonArray(r.AttackInterval.Lower, r.AttackInterval.Upper),
                    ["controlRate"] = r.ControlRate,
                    ["controlInterval"] = new JsonArray(r.ControlInterval.Lower, r.ControlInterval.Upper),
                    ["risk"] = r.Risk,
                    ["riskInterval"] = new JsonArray(r.RiskInterval.Lower, r.RiskInterval.Upper),
                };
            }
            json["anonymeter"] = risks;
        }
        return json.ToJsonString(Indented);
    }

    /// <summary>The evaluation report as one self-contained HTML page (inline CSS and SVG; every name escaped).</summary>
    public static string EvaluationHtml(SynthesisEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Synthetic data evaluation</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:64em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
            .Append(".warn{background:#fff4e5;border:1px solid #f0b429;padding:.6em}svg text{font-size:10px}.real{fill:#4c78a8}.syn{fill:#f58518}")
            .Append("</style></head><body>\n<h1>Synthetic data evaluation</h1>\n");
        html.Append("<p class=\"warn\"><strong>Data owner only.</strong> ").Append(E(SynthesisEvaluation.Audience)).Append(".</p>\n");
        html.Append(I($"<p>{evaluation.RealRows:N0} real rows, {evaluation.SyntheticRows:N0} synthetic rows.</p>\n"));
        html.Append("<h2>Fidelity</h2>\n<table><tr><th>marginals</th><th>count</th><th>mean TVD</th><th>max TVD</th><th>worst</th></tr>\n");
        foreach (var m in evaluation.Marginals)
        {
            html.Append(I($"<tr><td>{m.Degree}-way</td><td class=\"n\">{m.Count}</td><td class=\"n\">{m.Mean:F4}</td><td class=\"n\">{m.Max:F4}</td><td>"))
                .Append(E(string.Join(", ", m.Worst))).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
        html.Append(I($"<p>Cramér's V difference over column pairs: mean {evaluation.AssociationMeanDifference:F4}, max {evaluation.AssociationMaxDifference:F4}."));
        if (evaluation.Pmse is { } pmse)
        {
            html.Append(I($" pMSE {pmse:G4} (0: a logistic model cannot tell the tables apart)."));
        }
        html.Append("</p>\n");
        if (evaluation.Target is { } target)
        {
            html.Append("<h2>Utility (train on synthetic, test on real)</h2>\n<p>Target <code>").Append(E(target)).Append("</code>, logistic regression on one-hot cells: ")
                .Append(I($"accuracy {evaluation.AccuracySynthetic:F4} trained on synthetic, {evaluation.AccuracyReal:F4} trained on real, majority class {evaluation.AccuracyMajority:F4}.</p>\n"));
        }
        if (evaluation.MembershipInference is { } mia)
        {
            html.Append("<h2>Privacy (membership inference)</h2>\n")
                .Append(I($"<p>Distance to closest record: AUC {mia.Auc:F4} [{mia.AucInterval.Lower:F4}, {mia.AucInterval.Upper:F4}] (0.5: a coin), TPR {mia.TprAtOnePermille:F4} at 0.1% FPR, {mia.TprAtOnePercent:F4} at 1% FPR; {mia.Members:N0} members, {mia.NonMembers:N0} holdout rows.</p>\n"));
        }
        var privacy = evaluation.PrivacySummary();
        if (privacy.Count > 0)
        {
            html.Append("<h2>Privacy (distance to closest record, Anonymeter-style risks; holdout as control)</h2>\n<ul>\n");
            foreach (var line in privacy)
            {
                html.Append("<li>").Append(E(line)).Append("</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("<h2>1-way marginals</h2>\n<p><svg width=\"12\" height=\"10\"><rect class=\"real\" width=\"10\" height=\"10\"/></svg> real <svg width=\"12\" height=\"10\"><rect class=\"syn\" width=\"10\" height=\"10\"/></svg> synthetic</p>\n");
        foreach (var column in evaluation.OneWay)
        {
            html.Append("<h3>").Append(E(column.Column)).Append("</h3>\n").Append(Bars(column));
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes through <paramref name="write"/> to a temporary file beside <paramref name="path"/>, then moves it into place.</summary>
    public static async Task WriteAtomicallyAsync(string path, Func<TextWriter, Task> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        using var file = AtomicFile.Begin(path);
        await using (var writer = new StreamWriter(file.OpenWrite(asynchronous: true), new UTF8Encoding(false)))
        {
            await write(writer).ConfigureAwait(false);
        }
        file.Commit();
    }

    private static string Bars(MarginalComparison column)
    {
        const int Height = 120, Bar = 6, Gap = 4, Top = 10;
        var cells = column.Cells.Count;
        var width = 40 + (cells * ((2 * Bar) + Gap));
        var max = Math.Max(1e-9, Math.Max(column.Real.DefaultIfEmpty(0).Max(), column.Synthetic.DefaultIfEmpty(0).Max()));
        var svg = new StringBuilder();
        svg.Append(I($"<svg width=\"{width}\" height=\"{Height + Top + 14}\" role=\"img\" aria-label=\"")).Append(E(column.Column)).Append("\">\n");
        svg.Append(I($"<text x=\"0\" y=\"{Top + 4}\">{max:P0}</text><line x1=\"38\" y1=\"{Top + Height}\" x2=\"{width}\" y2=\"{Top + Height}\" stroke=\"#999\"/>\n"));
        for (var i = 0; i < cells; i++)
        {
            var x = 40 + (i * ((2 * Bar) + Gap));
            var hr = column.Real[i] / max * Height;
            var hs = column.Synthetic[i] / max * Height;
            svg.Append(I($"<rect class=\"real\" x=\"{x}\" y=\"{Top + Height - hr:F1}\" width=\"{Bar}\" height=\"{hr:F1}\"><title>"))
                .Append(E(column.Cells[i])).Append(I($": real {column.Real[i]:P2}</title></rect>"));
            svg.Append(I($"<rect class=\"syn\" x=\"{x + Bar}\" y=\"{Top + Height - hs:F1}\" width=\"{Bar}\" height=\"{hs:F1}\"><title>"))
                .Append(E(column.Cells[i])).Append(I($": synthetic {column.Synthetic[i]:P2}</title></rect>\n"));
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string I(FormattableString text) => text.ToString(C);
}
