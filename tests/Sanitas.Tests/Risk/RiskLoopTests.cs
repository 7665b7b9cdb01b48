using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Data;
using Sanitas.Risk;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Risk;

public class RiskLoopTests
{
    private static string AdultConfig(string privacy, string risk, double suppression)
    {
        var folder = Path.GetDirectoryName(TestData.Adult("adult.csv"))!;
        var names = new[] { "sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation", "salary-class" };
        var attributes = string.Join("\n", names.Select(n => $"  {n}: {{ role: quasi-identifier, hierarchy: \"{Path.Combine(folder, $"adult_hierarchy_{n}.csv")}\" }}"));
        return $"delimiter: \";\"\nattributes:\n{attributes}\nprivacy:\n{privacy}\nsuppressionLimit: {suppression.ToString(System.Globalization.CultureInfo.InvariantCulture)}\nmetric: non-uniform-entropy\nsearch: optimal\nrisk:\n{risk}\n";
    }

    [Fact]
    public void From_a_failing_start_the_loop_raises_k_until_adult_passes_and_reports_every_step()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("loop.yaml"), AdultConfig("  - k-anonymity: { k: 2 }", "  maxHighestProsecutor: 0.1\n  escalate: [k]\n  maxSteps: 6", 0.04));
        var (code, output, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", folder.File("loop.yaml"),
            "--output", folder.File("out.csv"), "--report", folder.File("report.json"));

        Assert.True(code == ExitCodes.Success, error + output);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var steps = json.RootElement.GetProperty("riskLoop").EnumerateArray().ToList();
        Assert.True(steps.Count >= 2, "the configured k=2 fails, so at least one escalation");
        for (var i = 0; i < steps.Count; i++)
        {
            Assert.Equal(i, steps[i].GetProperty("step").GetInt32());
            Assert.Equal(2 << i, steps[i].GetProperty("settings").GetProperty("k").GetDouble());
            var highest = steps[i].GetProperty("measures").GetProperty("prosecutorHighest").GetDouble();
            Assert.True(highest <= 1d / (2 << i));
            var last = i == steps.Count - 1;
            Assert.Equal(last ? "pass" : "fail", steps[i].GetProperty("verdict").GetString());
            Assert.Equal(last ? 0 : 1, steps[i].GetProperty("failedChecks").GetArrayLength());
            Assert.Equal(highest <= 0.1, last);
        }
        Assert.Equal("k 2 → 4", steps[1].GetProperty("change").GetString());
        Assert.Contains($"{2 << (steps.Count - 1)}-anonymity", json.RootElement.GetProperty("privacyModels")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("k 2 → 4", output, StringComparison.Ordinal);

        // The written output itself passes when measured again.
        var written = CsvReader.Read(folder.File("out.csv"));
        var measures = RiskMeasures.Measure(written, [.. written.ColumnNames], new RiskOptions { Suda = false });
        Assert.True(measures.Prosecutor.Highest <= 0.1);
    }

    [Fact]
    public void With_an_attack_limit_each_step_links_the_raw_data_to_the_output()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("loop.yaml"), AdultConfig("  - k-anonymity: { k: 2 }", "  maxAttackAdvantage: 0.05\n  escalate: [k]\n  maxSteps: 6", 0.04));
        var (code, output, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", folder.File("loop.yaml"),
            "--output", folder.File("out.csv"), "--report", folder.File("report.json"));

        Assert.True(code == ExitCodes.Success, error + output);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var steps = json.RootElement.GetProperty("riskLoop").EnumerateArray().ToList();
        Assert.True(steps.Count >= 2);
        var advantages = steps.Select(s => s.GetProperty("measures").GetProperty("linkageAdvantage").GetDouble()).ToList();
        Assert.True(advantages[0] > 0.05, $"k = 2 links more than 5% of Adult: {advantages[0]}");
        Assert.Equal(["maxAttackAdvantage"], steps[0].GetProperty("failedChecks").EnumerateArray().Select(e => e.GetString()));
        Assert.True(advantages[^1] <= 0.05);
        Assert.Equal("pass", steps[^1].GetProperty("verdict").GetString());
        // Linking picks among compatible records, so its success can never beat the average prosecutor risk.
        Assert.All(steps, s => Assert.True(s.GetProperty("measures").GetProperty("linkageAdvantage").GetDouble() <= s.GetProperty("measures").GetProperty("prosecutorAverage").GetDouble() + 1e-12));
    }

    [Fact]
    public void A_loop_that_cannot_pass_writes_the_report_but_no_output()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("loop.yaml"), AdultConfig("  - k-anonymity: { k: 2 }", "  maxHighestProsecutor: 0.1\n  escalate: [suppression]\n  maxSteps: 1", 0));
        var (code, output, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", folder.File("loop.yaml"),
            "--output", folder.File("out.csv"), "--report", folder.File("report.json"));

        Assert.True(code == ExitCodes.RiskThresholdExceeded, error + output);
        Assert.False(File.Exists(folder.File("out.csv")));
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var steps = json.RootElement.GetProperty("riskLoop").EnumerateArray().ToList();
        Assert.Equal(2, steps.Count);
        Assert.Equal(0, steps[0].GetProperty("settings").GetProperty("suppressionLimit").GetDouble());
        Assert.Equal(0.02, steps[1].GetProperty("settings").GetProperty("suppressionLimit").GetDouble());
        Assert.All(steps, s => Assert.Equal("fail", s.GetProperty("verdict").GetString()));
        Assert.Contains("no anonymized file was written", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_escalation_names_its_line()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("loop.yaml"), AdultConfig("  - k-anonymity: { k: 2 }", "  escalate: [k, m]", 0));
        var (code, _, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", folder.File("loop.yaml"), "--output", folder.File("out.csv"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("loop.yaml, line 18, column 17: unknown escalation 'm'; expected one of: k, l, t, suppression.", error, StringComparison.Ordinal);
    }
}
