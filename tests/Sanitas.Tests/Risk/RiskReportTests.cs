using System.Text.Json;
using Sanitas.Data;
using Sanitas.Risk;
using Sanitas.Risk.Attacks;

namespace Sanitas.Tests.Risk;

public class RiskReportTests
{
    private static RiskMeasures Measures() => RiskMeasures.Measure(
        new Table([Column.FromValues("age", ["30", "30", "40", "50", "50", "50"]), Column.FromValues("sex", ["m", "m", "f", "m", "m", "m"])]),
        ["age", "sex"], new RiskOptions { Threshold = 0.4 });

    [Fact]
    public void Verdict_fails_exactly_the_checks_above_their_limit()
    {
        var report = RiskReport.Create(Measures(), new RiskThresholds { MaxHighestProsecutor = 0.5, MaxAverageProsecutor = 0.5, MaxRecordsAtRisk = 0.1 });
        // Classes of 2, 1 and 3: highest 1, average 3/6, records above 0.4: 3 of 6.
        Assert.Equal(["maxHighestProsecutor", "maxRecordsAtRisk"], report.FailedChecks);
        Assert.Equal("fail", report.Verdict);
        Assert.Equal(0.5, report.Checks.Single(c => c.Name == "maxAverageProsecutor").Value);
    }

    [Fact]
    public void Attack_advantage_is_checked_against_its_limit()
    {
        var attack = AttackResult.FromCounts("linkage", "test", successes: 30, trials: 100, baseline: 0.1);
        var report = RiskReport.Create(Measures(), new RiskThresholds { MaxAttackAdvantage = 0.1 }, [attack]);
        var check = Assert.Single(report.Checks);
        Assert.Equal((0.3 - 0.1) / 0.9, check.Value, 12);
        Assert.False(check.Passed);
        using var json = JsonDocument.Parse(report.ToJson());
        var a = json.RootElement.GetProperty("attacks")[0];
        Assert.Equal("linkage", a.GetProperty("kind").GetString());
        Assert.Equal(0.3, a.GetProperty("successRate").GetDouble());
        Assert.True(a.GetProperty("interval").GetProperty("lower").GetDouble() < 0.3);
    }

    [Fact]
    public void Json_holds_the_fields_the_issue_names()
    {
        var report = RiskReport.Create(Measures(), new RiskThresholds());
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        foreach (var name in new[] { "prosecutor", "journalist", "marketer", "sampleUniques", "populationUniques", "individualRisk", "globalRisk", "suda", "attacks", "thresholds", "verdict", "failedChecks", "riskDistribution" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }
        Assert.Equal("pass", root.GetProperty("verdict").GetString());
        Assert.Equal(1.0, root.GetProperty("prosecutor").GetProperty("highest").GetDouble());
        Assert.Equal(0.5, root.GetProperty("prosecutor").GetProperty("recordsAtRisk").GetDouble());
        Assert.Equal(6, root.GetProperty("riskDistribution").EnumerateArray().Sum(b => b.GetProperty("records").GetInt32()));
    }

    [Fact]
    public void Html_escapes_text_from_the_data()
    {
        var attack = AttackResult.FromCounts("linkage", "<script>alert(1)</script>", 1, 10, 0.1);
        var report = RiskReport.Create(Measures(), new RiskThresholds(), [attack], input: "a<b>&\"c\".csv");
        var html = report.ToHtml();
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("a&lt;b&gt;&amp;&quot;c&quot;.csv", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<svg").Length - 1);
    }
}
