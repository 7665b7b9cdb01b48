using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Risk;

/// <summary><c>sanitas anonymize --html</c>: the before/after page and the steward's view in the CLI.</summary>
public sealed class AnonymizationComparisonHtmlTests
{
    /// <summary>Six people whose ages lie in six decades: 2-anonymity generalizes age to * for everyone.</summary>
    private static void WriteCase(TempFolder folder)
    {
        File.WriteAllText(folder.File("people.csv"), "age,sex,diagnosis\n21,F,a\n35,M,b\n47,F,c\n52,M,a\n68,F,b\n79,M,c\n");
        File.WriteAllText(folder.File("age.csv"), "21;20-29;*\n35;30-39;*\n47;40-49;*\n52;50-59;*\n68;60-69;*\n79;70-79;*\n");
        File.WriteAllText(folder.File("people.yaml"), """
            attributes:
              age: { role: quasi-identifier, hierarchy: age.csv }
              sex: { role: quasi-identifier, hierarchy: { masking: { } } }
              diagnosis: { role: insensitive }
            privacy:
              - k-anonymity: { k: 2 }
            """);
    }

    [Fact]
    public void The_page_puts_risk_and_utility_before_and_after_side_by_side_with_the_warning()
    {
        using var folder = new TempFolder();
        WriteCase(folder);
        var (code, output, error) = CliRunner.Run("anonymize", "--config", folder.File("people.yaml"), "--input", folder.File("people.csv"),
            "--output", folder.File("out.csv"), "--report", folder.File("out.json"), "--html", folder.File("out.html"));
        Assert.True(code == ExitCodes.Success, error + output);

        // The CLI: per-attribute loss, its percentage, the total's percentage and the warning.
        Assert.Contains("% of max", output, StringComparison.Ordinal);
        Assert.Contains("100.0%", output, StringComparison.Ordinal);
        Assert.Contains("Warning: 'age' is fully generalized: all 6 released records show '*'", output, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("out.json")));
        var root = json.RootElement;
        var age = root.GetProperty("attributes")[0];
        Assert.Equal("age", age.GetProperty("attribute").GetString());
        Assert.Equal(2, age.GetProperty("level").GetInt32());
        // Non-uniform entropy of age at *: 6 values once each, 6 · log2(6) bits, which is also its maximum.
        Assert.Equal(6 * Math.Log2(6), age.GetProperty("value").GetDouble(), 9);
        Assert.Equal(100, age.GetProperty("percent").GetDouble(), 9);
        Assert.Equal("fully-generalized", root.GetProperty("warnings")[0].GetProperty("code").GetString());

        var html = File.ReadAllText(folder.File("out.html"));
        Assert.Contains("<th>Before</th><th>After</th>", html, StringComparison.Ordinal);
        // Prosecutor risk, highest: every record unique before (1), classes of 3 after (0.333333).
        Assert.Contains("<td>Prosecutor risk, highest</td><td class=\"n\">1</td><td class=\"n better\">0.333333</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Equivalence classes</td><td class=\"n\">6</td><td class=\"n\">2</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">6</td><td class=\"n\">1</td>", html, StringComparison.Ordinal); // age: 6 distinct values before, 1 after
        Assert.Contains("100.0%", html, StringComparison.Ordinal);
        Assert.Contains("is fully generalized", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_html_report_may_not_overwrite_the_output()
    {
        using var folder = new TempFolder();
        WriteCase(folder);
        var (code, _, error) = CliRunner.Run("anonymize", "--config", folder.File("people.yaml"), "--input", folder.File("people.csv"),
            "--output", folder.File("out.csv"), "--html", folder.File("out.csv"));
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("HTML report must be a file other than", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.csv")));
    }
}
