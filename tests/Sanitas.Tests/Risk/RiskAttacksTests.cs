using System.Globalization;
using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Risk;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;
using Sanitas.Workflows;

namespace Sanitas.Tests.Risk;

/// <summary><c>sanitas risk</c> with simulated attacks: <c>risk: attacks:</c>, <c>--attack</c>, the report and the verdict.</summary>
public class RiskAttacksTests
{
    private static readonly string[] Adversary = ["age", "sex", "race", "marital-status", "native-country"];

    /// <summary>Counts, straight from the CSV, how many records are alone with their values of <paramref name="columns"/>, and how many distinct combinations there are.</summary>
    private static (int Uniques, int Combinations) CountCombinations(string csv, IReadOnlyList<string> columns)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(';');
        var index = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        var counts = lines.Skip(1).Where(l => l.Length > 0)
            .GroupBy(l => { var f = l.Split(';'); return string.Join('\u0001', index.Select(i => f[i])); })
            .Select(g => g.Count()).ToList();
        return (counts.Count(c => c == 1), counts.Count);
    }

    [Fact]
    public void Raw_adult_fails_on_the_linkage_attack_with_the_numbers_of_sanitas_attack_linkage()
    {
        using var folder = new TempFolder();
        var (code, output, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-risk.yaml"),
            "--report", folder.File("risk.json"), "--html", folder.File("risk.html"));
        Assert.True(code == ExitCodes.RiskThresholdExceeded, error);

        // The same adversary through `sanitas attack linkage`.
        var (attackCode, _, attackError) = CliRunner.Run("attack", "linkage", "--known", TestData.Adult("adult.csv"), "--released", TestData.Adult("adult.csv"),
            "--config", TestData.Adult("adult-risk.yaml"), "--qi", string.Join(',', Adversary), "--report", folder.File("attack.json"));
        Assert.True(attackCode == ExitCodes.Success, attackError);
        using var attackJson = JsonDocument.Parse(File.ReadAllText(folder.File("attack.json")));
        var expected = attackJson.RootElement;

        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("risk.json")));
        var root = json.RootElement;
        var attack = Assert.Single(root.GetProperty("attacks").EnumerateArray());
        // The documented AttackResult fields (docs/attacks.md), equal to the attack command's.
        foreach (var field in new[] { "kind", "description", "trials", "successes", "successRate", "baseline", "advantage" })
        {
            Assert.Equal(expected.GetProperty(field).ToString(), attack.GetProperty(field).ToString());
        }
        foreach (var field in new[] { "lower", "upper", "level" })
        {
            Assert.Equal(expected.GetProperty("interval").GetProperty(field).GetDouble(), attack.GetProperty("interval").GetProperty(field).GetDouble());
        }
        Assert.Equal("linkage", attack.GetProperty("kind").GetString());
        Assert.Equal(30162, attack.GetProperty("trials").GetInt64());

        // On raw data every person's own record is a candidate, so the certain re-identifications are
        // the records unique on the adversary's columns and the expected links are the distinct
        // combinations (docs/attacks.md: 2,080 and 3,426), counted here from the CSV itself.
        var (uniques, combinations) = CountCombinations(TestData.Adult("adult.csv"), Adversary);
        Assert.Equal((2080, 3426), (uniques, combinations));
        var details = Assert.Single(root.GetProperty("attackDetails").EnumerateArray());
        Assert.Equal(uniques, details.GetProperty("uniqueMatches").GetDouble());
        Assert.Equal(expected.GetProperty("details").GetProperty("uniqueMatches").GetDouble(), details.GetProperty("uniqueMatches").GetDouble());
        Assert.Equal((double)combinations / 30162, attack.GetProperty("successRate").GetDouble(), 12);
        Assert.Equal(((double)combinations / 30162 - 1.0 / 30162) / (1 - 1.0 / 30162), attack.GetProperty("advantage").GetDouble(), 12);

        Assert.Equal(["linkage"], root.GetProperty("attackNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("maxAttackAdvantage:linkage", root.GetProperty("failedChecks").EnumerateArray().Select(e => e.GetString()));
        var check = root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "maxAttackAdvantage:linkage");
        Assert.Equal(0.05, check.GetProperty("limit").GetDouble());
        Assert.False(check.GetProperty("passed").GetBoolean());

        Assert.Contains("| linkage | 30,162 | 0.1136       | [0.1101, 0.1172] | 3.32E-5  | 0.1136    | 0.0500 |", output, StringComparison.Ordinal);
        Assert.Contains("Certain re-identifications: 2,080", output, StringComparison.Ordinal);
        Assert.Contains("FAIL  maxAttackAdvantage:linkage: 0.113557 (limit 0.05)", output, StringComparison.Ordinal);

        var html = File.ReadAllText(folder.File("risk.html"));
        var section = html[html.IndexOf("<h2>Attacks</h2>", StringComparison.Ordinal)..];
        Assert.Contains("<th>Success</th><th>95% interval</th><th>Baseline</th><th>Advantage</th><th>Limit</th><th>Result</th>", section, StringComparison.Ordinal);
        Assert.Contains("<b>linkage</b>", section, StringComparison.Ordinal);
        Assert.Contains("uniqueMatches 2080", section, StringComparison.Ordinal);
        Assert.Contains(">0.113587</td><td class=\"n\">0.110055 – 0.117217</td><td class=\"n\">0.000033</td><td class=\"n\">0.113557</td><td class=\"n\">0.05</td><td class=\"fail\">fail</td>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("No attacks were run", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_5_anonymous_release_passes_the_linkage_attack()
    {
        using var folder = new TempFolder();
        var (code, output, error) = CliRunner.Run("risk", "--input", AdultK5Release.Csv, "--config", TestData.Adult("adult-risk.yaml"), "--report", folder.File("risk.json"));
        Assert.True(code == ExitCodes.Success, error + output);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("risk.json")));
        var root = json.RootElement;
        var attack = Assert.Single(root.GetProperty("attacks").EnumerateArray());
        var details = Assert.Single(root.GetProperty("attackDetails").EnumerateArray());
        // 5-anonymity on all nine attributes: nobody has fewer than 5 candidates on five of them.
        Assert.Equal(0, details.GetProperty("uniqueMatches").GetDouble());
        Assert.True(details.GetProperty("highestSuccess").GetDouble() <= 0.2);
        Assert.True(details.GetProperty("notReleased").GetDouble() > 0);
        // docs/attacks.md: 0.0038 [0.0032, 0.0046] against the 5-anonymous release.
        Assert.Equal(0.0038, attack.GetProperty("successRate").GetDouble(), 4);
        Assert.True(attack.GetProperty("advantage").GetDouble() <= 0.05);
        Assert.True(root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "maxAttackAdvantage:linkage").GetProperty("passed").GetBoolean());
        Assert.Equal("pass", root.GetProperty("verdict").GetString());
    }

    [Fact]
    public void The_inference_attack_judges_its_own_limit_and_matches_sanitas_attack_inference()
    {
        using var folder = new TempFolder();
        var config = File.ReadAllText(TestData.Adult("adult-risk.yaml"))
            .Replace("hierarchy: adult_", $"hierarchy: {Path.GetDirectoryName(TestData.Adult("adult.csv"))}/adult_", StringComparison.Ordinal)
            .Replace("known: adult.csv", $"known: {TestData.Adult("adult.csv")}", StringComparison.Ordinal)
            + "    - inference: { sensitive: occupation, maxAdvantage: 0.6 }\n";
        File.WriteAllText(folder.File("c.yaml"), config);
        var (code, output, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", folder.File("c.yaml"), "--report", folder.File("risk.json"));
        Assert.True(code == ExitCodes.RiskThresholdExceeded, error);

        var (attackCode, _, attackError) = CliRunner.Run("attack", "inference", "--known", TestData.Adult("adult.csv"), "--released", TestData.Adult("adult.csv"),
            "--config", folder.File("c.yaml"), "--sensitive", "occupation", "--qi", "sex,age,race,marital-status,education,native-country,workclass,salary-class", "--report", folder.File("attack.json"));
        Assert.True(attackCode == ExitCodes.Success, attackError);
        using var attackJson = JsonDocument.Parse(File.ReadAllText(folder.File("attack.json")));

        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("risk.json")));
        var root = json.RootElement;
        var attacks = root.GetProperty("attacks").EnumerateArray().ToList();
        Assert.Equal(["linkage", "inference"], attacks.Select(a => a.GetProperty("kind").GetString()));
        var inference = attacks[1];
        Assert.Equal(attackJson.RootElement.GetProperty("successRate").GetDouble(), inference.GetProperty("successRate").GetDouble());
        Assert.Equal(attackJson.RootElement.GetProperty("baseline").GetDouble(), inference.GetProperty("baseline").GetDouble());
        // docs/attacks.md: occupation inferred with 0.597 from raw Adult, majority baseline 0.134.
        Assert.Equal(0.597, inference.GetProperty("successRate").GetDouble(), 3);
        Assert.Equal(0.134, inference.GetProperty("baseline").GetDouble(), 3);
        // The default adversary knows the configuration's quasi-identifiers except the sensitive one.
        Assert.Contains("knowing sex, age, race, marital-status, education, native-country, workclass, salary-class;", inference.GetProperty("description").GetString(), StringComparison.Ordinal);
        var check = root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "maxAttackAdvantage:inference");
        Assert.Equal(0.6, check.GetProperty("limit").GetDouble());
        Assert.True(check.GetProperty("passed").GetBoolean(), "advantage (0.597 - 0.134) / 0.866 = 0.535 is within 0.6");
        Assert.Contains("pass  maxAttackAdvantage:inference: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_l_diverse_sample_passes_both_named_attacks_and_raw_adult_fails_them()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-ldiversity.yaml"), "--output", folder.File("ldiv.csv"));
        Assert.True(code == ExitCodes.Success, error);

        (code, var output, error) = CliRunner.Run("risk", "--input", folder.File("ldiv.csv"), "--config", TestData.Adult("adult-ldiversity-risk.yaml"), "--report", folder.File("risk.json"));
        Assert.True(code == ExitCodes.Success, error + output);
        using (var json = JsonDocument.Parse(File.ReadAllText(folder.File("risk.json"))))
        {
            var root = json.RootElement;
            Assert.Equal(["linkage-5", "occupation"], root.GetProperty("attackNames").EnumerateArray().Select(e => e.GetString()));
            var attacks = root.GetProperty("attacks").EnumerateArray().ToList();
            // docs/attacks.md: occupation is inferred with 0.176 from this release (baseline 0.134).
            Assert.Equal(0.176, attacks[1].GetProperty("successRate").GetDouble(), 3);
            Assert.Equal(
                [("maxAttackAdvantage:linkage-5", 0.05, true), ("maxAttackAdvantage:occupation", 0.1, true)],
                root.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("name").GetString()!.StartsWith("maxAttackAdvantage", StringComparison.Ordinal))
                    .Select(c => (c.GetProperty("name").GetString(), c.GetProperty("limit").GetDouble(), c.GetProperty("passed").GetBoolean())));
        }

        (code, _, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-ldiversity-risk.yaml"), "--report", folder.File("raw.json"));
        Assert.True(code == ExitCodes.RiskThresholdExceeded, error);
        using var raw = JsonDocument.Parse(File.ReadAllText(folder.File("raw.json")));
        Assert.Equal(["maxHighestProsecutor", "maxAttackAdvantage:linkage-5", "maxAttackAdvantage:occupation"], raw.RootElement.GetProperty("failedChecks").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void An_inference_attack_on_a_generalized_sensitive_attribute_is_refused_instead_of_passed()
    {
        using var folder = new TempFolder();
        var config = File.ReadAllText(TestData.Adult("adult-risk.yaml"))
            .Replace("hierarchy: adult_", $"hierarchy: {Path.GetDirectoryName(TestData.Adult("adult.csv"))}/adult_", StringComparison.Ordinal)
            .Replace("known: adult.csv", $"known: {TestData.Adult("adult.csv")}", StringComparison.Ordinal)
            + "    - inference: { known: " + TestData.Adult("adult.csv") + ", sensitive: occupation }\n";
        File.WriteAllText(folder.File("c.yaml"), config);
        var line = config.Split('\n').ToList().FindIndex(l => l.Contains("- inference", StringComparison.Ordinal)) + 1;

        // adult-k5.yaml generalizes occupation (a quasi-identifier there); compared as written, the guesses would all look wrong.
        var (code, _, error) = CliRunner.Run("risk", "--input", AdultK5Release.Csv, "--config", folder.File("c.yaml"), "--report", folder.File("r.json"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"c.yaml, line {line}, column 7: attack 'inference': the release generalizes the sensitive attribute 'occupation'"), error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("r.json")));
    }

    [Fact]
    public void The_closed_loop_runs_the_configured_attacks_and_raises_k_until_they_pass()
    {
        using var folder = new TempFolder();
        var adult = Path.GetDirectoryName(TestData.Adult("adult.csv"))!;
        string[] names = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation", "salary-class"];
        var attributes = string.Join("\n", names.Select(n => $"  {n}: {{ role: quasi-identifier, hierarchy: \"{Path.Combine(adult, $"adult_hierarchy_{n}.csv")}\" }}"));
        File.WriteAllText(folder.File("loop.yaml"), $"delimiter: \";\"\nattributes:\n{attributes}\nprivacy:\n  - k-anonymity: {{ k: 2 }}\nsuppressionLimit: 0.04\nmetric: non-uniform-entropy\nsearch: optimal\n"
            + "risk:\n  escalate: [k]\n  maxSteps: 6\n  attacks:\n    - linkage: { name: linkage-5, quasiIdentifiers: [age, sex, race, marital-status, native-country], maxAdvantage: 0.003 }\n");
        var (code, output, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", folder.File("loop.yaml"),
            "--output", folder.File("out.csv"), "--report", folder.File("report.json"));
        Assert.True(code == ExitCodes.Success, error + output);

        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var steps = json.RootElement.GetProperty("riskLoop").EnumerateArray().ToList();
        var advantages = steps.Select(s => s.GetProperty("measures").GetProperty("advantage:linkage-5").GetDouble()).ToList();
        Assert.True(advantages[0] > 0.003, $"2-anonymous Adult still links more: {advantages[0]}");
        Assert.Equal(["maxAttackAdvantage:linkage-5"], steps[0].GetProperty("failedChecks").EnumerateArray().Select(e => e.GetString()));
        Assert.True(advantages[^1] <= 0.003);
        Assert.Equal("pass", steps[^1].GetProperty("verdict").GetString());

        // The written output passes the same attack in `sanitas risk`, with the raw data as the adversary's table.
        (code, output, error) = CliRunner.Run("risk", "--input", folder.File("out.csv"), "--config", folder.File("loop.yaml"), "--report", folder.File("risk.json"), "--known", TestData.Adult("adult.csv"));
        Assert.True(code == ExitCodes.Success, error + output);
        using var risk = JsonDocument.Parse(File.ReadAllText(folder.File("risk.json")));
        Assert.Equal(advantages[^1], Assert.Single(risk.RootElement.GetProperty("attacks").EnumerateArray()).GetProperty("advantage").GetDouble(), 12);
    }

    [Fact]
    public void An_ad_hoc_linkage_attack_takes_the_configuration_quasi_identifiers_and_maxAttackAdvantage()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("c.yaml"), $"delimiter: \";\"\nattributes:\n  age: {{ role: quasi-identifier, hierarchy: {TestData.Adult("adult_hierarchy_age.csv")} }}\n  sex: {{ role: quasi-identifier, hierarchy: {TestData.Adult("adult_hierarchy_sex.csv")} }}\nprivacy:\n  - k-anonymity: {{ k: 2 }}\nrisk:\n  maxAttackAdvantage: 0.001\n");
        var (code, output, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", folder.File("c.yaml"), "--report", folder.File("risk.json"), "--attack", "linkage");
        Assert.True(code == ExitCodes.RiskThresholdExceeded, error + output);

        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("risk.json")));
        var root = json.RootElement;
        var attack = Assert.Single(root.GetProperty("attacks").EnumerateArray());
        Assert.Contains("on age, sex;", attack.GetProperty("description").GetString(), StringComparison.Ordinal);
        var (_, combinations) = CountCombinations(TestData.Adult("adult.csv"), ["age", "sex"]);
        Assert.Equal((double)combinations / 30162, attack.GetProperty("successRate").GetDouble(), 12);
        Assert.Equal(["maxAttackAdvantage:linkage"], root.GetProperty("failedChecks").EnumerateArray().Select(e => e.GetString()));

        // Without --attack the same configuration runs no attack and sets no attack check.
        (code, _, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", folder.File("c.yaml"), "--report", folder.File("none.json"));
        Assert.True(code == ExitCodes.Success, error);
        using var none = JsonDocument.Parse(File.ReadAllText(folder.File("none.json")));
        Assert.Equal(0, none.RootElement.GetProperty("attacks").GetArrayLength());
    }

    [Fact]
    public void An_unknown_command_line_attack_names_the_option()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-risk.yaml"), "--report", folder.File("r.json"), "--attack", "membership");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--attack: unknown attack 'membership'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("r.json")));
    }

    [Fact]
    public void An_attack_on_a_column_the_file_lacks_names_the_config_line_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var config = File.ReadAllText(TestData.Adult("adult-risk.yaml"))
            .Replace("hierarchy: adult_", $"hierarchy: {Path.GetDirectoryName(TestData.Adult("adult.csv"))}/adult_", StringComparison.Ordinal)
            .Replace("known: adult.csv", $"known: {TestData.Adult("adult.csv")}", StringComparison.Ordinal)
            .Replace("quasiIdentifiers: [age, sex,", "quasiIdentifiers: [age, zip,", StringComparison.Ordinal);
        File.WriteAllText(folder.File("c.yaml"), config);
        var line = config.Split('\n').ToList().FindIndex(l => l.Contains("quasiIdentifiers: [age, zip", StringComparison.Ordinal)) + 1;
        var column = config.Split('\n')[line - 1].IndexOf('[', StringComparison.Ordinal) + 1;

        var (code, _, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", folder.File("c.yaml"), "--report", folder.File("r.json"), "--html", folder.File("r.html"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"c.yaml, line {line}, column {column}: attack 'linkage': the quasi-identifier 'zip' is not a column of 'adult.csv'."), error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("r.json")));
        Assert.False(File.Exists(folder.File("r.html")));
    }

    [Fact]
    public void A_known_table_that_does_not_line_up_with_the_release_names_the_attack_entry()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("known.csv"), File.ReadLines(TestData.Adult("adult.csv")).Take(101));
        File.WriteAllText(folder.File("c.yaml"), $"delimiter: \";\"\nattributes:\n  age: {{ role: quasi-identifier, hierarchy: {TestData.Adult("adult_hierarchy_age.csv")} }}\n  sex: {{ role: quasi-identifier, hierarchy: {TestData.Adult("adult_hierarchy_sex.csv")} }}\nprivacy:\n  - k-anonymity: {{ k: 2 }}\nrisk:\n  attacks:\n    - linkage: {{ known: known.csv }}\n");
        var (code, _, error) = CliRunner.Run("risk", "--input", TestData.Adult("adult.csv"), "--config", folder.File("c.yaml"), "--report", folder.File("r.json"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("c.yaml, line 9, column 7: attack 'linkage': The identified table has 100 rows and the released table 30162", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("r.json")));
    }

    [Fact]
    public async Task Cancelling_during_the_attacks_stops_them_and_writes_nothing()
    {
        using var folder = new TempFolder();
        using var cancel = new CancellationTokenSource();
        var seen = new List<double>();
        var progress = new CancelAt(0.5, cancel, seen);
        var request = new RiskRequest { ConfigPath = TestData.Adult("adult-risk.yaml"), InputPath = TestData.Adult("adult.csv"), ReportPath = folder.File("r.json"), HtmlPath = folder.File("r.html") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileRiskAssessor.RunAsync(request, progress, cancel.Token));

        Assert.Contains(seen, p => p > 0.5 && p < 0.9); // the attack itself reported progress before it was cancelled
        Assert.False(File.Exists(folder.File("r.json")));
        Assert.False(File.Exists(folder.File("r.html")));
    }

    /// <summary>Cancels once progress passes a point (synchronously, as the assessor reports it).</summary>
    private sealed class CancelAt(double point, CancellationTokenSource cancel, List<double> seen) : IProgress<double>
    {
        public void Report(double value)
        {
            seen.Add(value);
            if (value > point)
            {
                cancel.Cancel();
            }
        }
    }
}
