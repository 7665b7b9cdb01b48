using System.Text.Json;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Cli;

public sealed class AttackCommandTests
{
    private const string AdversaryQis = "age,sex,race,marital-status,native-country";

    [Fact]
    public void Linkage_on_raw_adult_writes_the_json_report_and_fails_a_tight_threshold()
    {
        using var folder = new TempFolder();
        var report = Path.Combine(folder.Path, "linkage.json");
        var adult = TestData.Adult("adult.csv");

        var (code, output, error) = CliRunner.Run("attack", "linkage", "--known", adult, "--released", adult,
            "--config", TestData.Adult("adult-k5.yaml"), "--qi", AdversaryQis, "--report", report, "--max-advantage", "0.1");

        Assert.Equal(5, code);
        Assert.Contains("2,080 of 30,162", output, StringComparison.Ordinal);
        Assert.Contains("exceeds --max-advantage", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        Assert.Equal("linkage", root.GetProperty("kind").GetString());
        Assert.Equal(30162, root.GetProperty("trials").GetInt64());
        // 3,426 distinct combinations: the expected correct links (see LinkageAttackTests).
        Assert.Equal(3426.0 / 30162, root.GetProperty("successRate").GetDouble(), 9);
        Assert.True(root.GetProperty("advantage").GetDouble() > 0.1);
        Assert.Equal(2080, root.GetProperty("details").GetProperty("uniqueMatches").GetDouble());
        Assert.True(root.GetProperty("interval").GetProperty("lower").GetDouble() < root.GetProperty("successRate").GetDouble());
    }

    [Fact]
    public void Linkage_passes_a_threshold_the_attack_stays_under()
    {
        var adult = TestData.Adult("adult.csv");
        var (code, _, error) = CliRunner.Run("attack", "linkage", "--known", adult, "--released", adult, "--qi", AdversaryQis, "--max-advantage", "0.2");
        Assert.True(code == 0, error);
    }

    [Fact]
    public void An_unknown_quasi_identifier_is_named_with_the_file()
    {
        var adult = TestData.Adult("adult.csv");
        var (code, _, error) = CliRunner.Run("attack", "linkage", "--known", adult, "--released", adult, "--qi", "age,zip");
        Assert.Equal(2, code);
        Assert.Contains("The quasi-identifier 'zip' is not a column of adult.csv", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inference_names_a_missing_sensitive_column()
    {
        var adult = TestData.Adult("adult.csv");
        var (code, _, error) = CliRunner.Run("attack", "inference", "--known", adult, "--released", adult, "--qi", AdversaryQis, "--sensitive", "diagnosis");
        Assert.Equal(2, code);
        Assert.Contains("The sensitive column 'diagnosis' is not in adult.csv", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Membership_of_a_copied_table_has_auc_one()
    {
        using var folder = new TempFolder();
        var train = Path.Combine(folder.Path, "train.csv");
        var holdout = Path.Combine(folder.Path, "holdout.csv");
        var lines = File.ReadAllLines(TestData.Adult("adult.csv"));
        File.WriteAllLines(train, lines.Take(401));
        File.WriteAllLines(holdout, lines.Take(1).Concat(lines.Skip(401).Take(400)));
        var report = Path.Combine(folder.Path, "m.json");

        var (code, output, error) = CliRunner.Run("attack", "membership", "--train", train, "--holdout", holdout, "--synthetic", train, "--report", report);

        Assert.True(code == 0, error);
        Assert.Contains("membership", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        // Adult repeats rows, so a holdout record can equal a training record: AUC just below 1.
        Assert.True(json.RootElement.GetProperty("successRate").GetDouble() > 0.9);
        Assert.Equal(0.5, json.RootElement.GetProperty("baseline").GetDouble());
    }

    [Fact]
    public void Timeseries_reidentifies_raw_traces_of_a_small_simulated_trial()
    {
        var (code, output, error) = CliRunner.Run("attack", "timeseries", "--patients", "40", "--seed", "3", "--shift", "2");
        Assert.True(code == 0, error);
        Assert.Contains("timeseries", output, StringComparison.Ordinal);
        Assert.Matches(@"Top-1: (3\d|40) of 40 traces", output);
    }

    [Fact]
    public void Timeseries_reports_a_missing_trial_folder()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliRunner.Run("attack", "timeseries", "--trial", folder.Path);
        Assert.Equal(2, code);
        Assert.Contains("File not found", error, StringComparison.Ordinal);
        Assert.Contains("readings.csv", error, StringComparison.Ordinal);
    }
}
