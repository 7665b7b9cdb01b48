using System.Text.Json;
using Sanitas.Data;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class SyntheticDataEvaluatorTests
{
    private const string Yaml = "columns:\n  sex: [F, M]\n  age: { type: integer, min: 0, max: 99, bins: 4 }\n  smoker: [no, yes]\n";

    private static Table Csv(string text) => CsvReader.Parse(new StringReader(text), "t.csv");

    private static readonly Table Real = Csv("sex,age,smoker\nF,10,no\nF,30,yes\nM,55,no\nM,80,no\nF,12,no\nM,90,yes\n");
    private static readonly Table Synthetic = Csv("sex,age,smoker\nF,11,no\nM,30,yes\nM,60,no\nM,81,yes\n");

    /// <summary>TVD by brute force: group rows by their tuple of (binned) values, compare shares.</summary>
    private static double BruteTvd(Table a, Table b, string[] columns)
    {
        static string Cell(string column, string value) => column == "age" ? (int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) / 25).ToString(System.Globalization.CultureInfo.InvariantCulture) : value;
        Dictionary<string, double> Shares(Table t) => Enumerable.Range(0, t.RowCount)
            .GroupBy(r => string.Join("|", columns.Select(c => Cell(c, t[c][r]!))))
            .ToDictionary(g => g.Key, g => (double)g.Count() / t.RowCount);
        var x = Shares(a);
        var y = Shares(b);
        return x.Keys.Union(y.Keys).Sum(k => Math.Abs(x.GetValueOrDefault(k) - y.GetValueOrDefault(k))) / 2;
    }

    [Fact]
    public void Tvd_agrees_with_a_brute_force_computation_for_every_degree()
    {
        var config = SynthesisConfig.Parse(new StringReader(Yaml), "s.yaml");
        var evaluation = SyntheticDataEvaluator.Evaluate(Real, Synthetic, config);
        string[] names = ["sex", "age", "smoker"];
        for (var k = 1; k <= 3; k++)
        {
            var subsets = SyntheticDataEvaluator.Subsets(3, k).Select(s => s.Select(i => names[i]).ToArray()).ToList();
            var brute = subsets.Select(s => BruteTvd(Real, Synthetic, s)).ToList();
            Assert.Equal(brute.Average(), evaluation.Marginals[k - 1].Mean, 12);
            Assert.Equal(brute.Max(), evaluation.Marginals[k - 1].Max, 12);
        }
        // One hand-checked value: sex is 3F/3M against 1F/3M → ½(|0.5 − 0.25| + |0.5 − 0.75|) = 0.25.
        Assert.Equal(0.25, BruteTvd(Real, Synthetic, ["sex"]), 12);
    }

    [Fact]
    public void The_same_table_has_zero_distance_and_the_report_is_labelled_for_the_data_owner()
    {
        var config = SynthesisConfig.Parse(new StringReader(Yaml), "s.yaml");
        var evaluation = SyntheticDataEvaluator.Evaluate(Real, Real, config, target: "smoker", holdout: Synthetic);
        Assert.All(evaluation.Marginals, m => Assert.Equal(0, m.Mean, 12));
        Assert.Equal(0, evaluation.AssociationMeanDifference, 12);
        using var json = JsonDocument.Parse(SynthesisReports.EvaluationJson(evaluation));
        var root = json.RootElement;
        Assert.False(root.GetProperty("differentiallyPrivate").GetBoolean());
        Assert.Contains("data owner only", root.GetProperty("audience").GetString());
        foreach (var key in new[] { "oneWay", "twoWay", "threeWay", "maxTwoWay" })
        {
            Assert.Equal(0, root.GetProperty("tvd").GetProperty(key).GetDouble(), 12);
        }
        Assert.True(root.GetProperty("tstr").TryGetProperty("accuracySynthetic", out _));
        Assert.True(root.TryGetProperty("membershipInference", out _));
        var html = SynthesisReports.EvaluationHtml(evaluation);
        Assert.Contains("<svg", html);
        Assert.Contains("Data owner only", html);
    }

    [Fact]
    public void Tstr_on_a_perfectly_predictable_target_reaches_full_accuracy()
    {
        var rows = Enumerable.Range(0, 200).Select(i => $"{(i % 2 == 0 ? "F" : "M")},{i % 100},{(i % 2 == 0 ? "no" : "yes")}");
        var table = Csv("sex,age,smoker\n" + string.Join("\n", rows) + "\n");
        var config = SynthesisConfig.Parse(new StringReader(Yaml), "s.yaml");
        var evaluation = SyntheticDataEvaluator.Evaluate(table, table, config, target: "smoker");
        Assert.Equal(1, evaluation.AccuracySynthetic!.Value, 12);
        Assert.Equal(0.5, evaluation.AccuracyMajority!.Value, 12);
    }
}
