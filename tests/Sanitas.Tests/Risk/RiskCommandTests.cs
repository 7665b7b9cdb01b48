using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Risk;

public class RiskCommandTests
{
    [Fact]
    public void Raw_adult_fails_the_thresholds_and_the_report_is_still_written()
    {
        using var folder = new TempFolder();
        var (code, output, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-risk.yaml"),
            "--report", folder.File("risk.json"), "--html", folder.File("risk.html"));

        Assert.True(code == ExitCodes.RiskThresholdExceeded, error);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("risk.json")));
        var root = json.RootElement;
        Assert.Equal("fail", root.GetProperty("verdict").GetString());
        // ARX TestRiskMetrics.testAverageRisk2 and testHighestIndividualRisk2.
        Assert.Equal(0.6465751607983555, root.GetProperty("prosecutor").GetProperty("average").GetDouble());
        Assert.Equal(1.0, root.GetProperty("prosecutor").GetProperty("highest").GetDouble());
        Assert.Equal(15512d / 30162, root.GetProperty("sampleUniques").GetDouble(), 12);
        Assert.Equal("pitman", root.GetProperty("populationUniques").GetProperty("model").GetString());
        Assert.Equal(2768, (int)(root.GetProperty("populationUniques").GetProperty("value").GetDouble() * 10000));
        Assert.Equal(
            ["maxHighestProsecutor", "maxAverageProsecutor", "maxRecordsAtRisk", "maxPopulationUniques", "maxAttackAdvantage:linkage"],
            root.GetProperty("failedChecks").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, root.GetProperty("attacks").GetArrayLength());
        Assert.True(root.GetProperty("suda").GetProperty("recordsWithMsu").GetInt32() == 15512);
        Assert.Contains("Verdict:             fail", output, StringComparison.Ordinal);

        var html = File.ReadAllText(folder.File("risk.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_5_anonymous_adult_passes()
    {
        using var folder = new TempFolder();
        var (code, output, error) = CliRunner.Run("risk", "--input", AdultK5Release.Csv, "--config", TestData.Adult("adult-risk.yaml"), "--report", folder.File("risk.json"));
        Assert.True(code == ExitCodes.Success, error + output);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("risk.json")));
        var root = json.RootElement;
        Assert.Equal("pass", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("prosecutor").GetProperty("highest").GetDouble() <= 0.2);
        Assert.Equal(0, root.GetProperty("prosecutor").GetProperty("recordsAtRisk").GetDouble());
        Assert.Equal(0, root.GetProperty("failedChecks").GetArrayLength());
    }

    [Fact]
    public void An_unknown_quasi_identifier_names_the_column_and_the_config_line()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("c.yaml"), "delimiter: \";\"\nattributes:\n  age: { role: quasi-identifier, hierarchy: { intervals: [10] } }\n  zip: { role: quasi-identifier, hierarchy: { masking: { } } }\nprivacy:\n  - k-anonymity: { k: 2 }\n");
        var (code, _, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", folder.File("c.yaml"), "--report", folder.File("r.json"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("c.yaml, line 4, column 3: quasi-identifier 'zip' is not a column of 'adult.csv'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("r.json")));
    }

    [Fact]
    public void A_population_that_does_not_match_is_refused()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("pop.csv"), ["sex;age", "Male;39"]);
        var (code, _, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-risk.yaml"),
            "--report", folder.File("r.json"), "--population", folder.File("pop.csv"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("The population table 'pop.csv' lacks the quasi-identifiers 'race'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("r.json")));
    }

    [Fact]
    public void A_population_journalist_risk_uses_population_class_sizes()
    {
        using var folder = new TempFolder();
        // The population is the sample twice over: every class is twice as large there.
        var lines = File.ReadAllLines(TestData.Adult("adult.csv"));
        File.WriteAllLines(folder.File("pop.csv"), lines.Concat(lines.Skip(1)));
        var (code, _, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-risk.yaml"),
            "--report", folder.File("r.json"), "--population", folder.File("pop.csv"), "--threshold", "0.4");
        Assert.True(code == ExitCodes.RiskThresholdExceeded, error);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("r.json")));
        var journalist = json.RootElement.GetProperty("journalist");
        Assert.Equal(0.5, journalist.GetProperty("highest").GetDouble());
        Assert.Equal(0.6465751607983555 / 2, journalist.GetProperty("average").GetDouble(), 12);
        Assert.Equal(journalist.GetProperty("average").GetDouble(), json.RootElement.GetProperty("marketer").GetDouble());
        Assert.Equal(0.4, json.RootElement.GetProperty("threshold").GetDouble());
    }
}
