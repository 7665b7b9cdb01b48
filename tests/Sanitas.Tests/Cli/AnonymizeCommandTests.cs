using System.Globalization;
using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Cli;

public class AnonymizeCommandTests
{
    private static readonly string AdultFolder = Path.GetDirectoryName(TestData.Adult("adult.csv"))!;

    [Fact]
    public void Anonymizes_adult_at_k5_as_arx_does()
    {
        using var folder = new TempFolder();
        var (code, output, error) = CliRunner.Run("anonymize", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-k5.yaml"),
            "--output", folder.File("out.csv"), "--report", folder.File("report.json"));

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal("", error);
        using var report = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var root = report.RootElement;
        var transformation = root.GetProperty("transformation").EnumerateObject().Select(p => $"{p.Name}:{p.Value.GetInt32()}");
        Assert.Equal("sex:1,age:0,race:1,marital-status:1,education:3,native-country:2,workclass:2,occupation:0,salary-class:1", string.Join(",", transformation));
        var expected = 255559.85455731067;
        Assert.Equal(expected, root.GetProperty("informationLoss").GetProperty("value").GetDouble(), expected * 1e-9);
        Assert.Equal(30162, root.GetProperty("records").GetInt32());

        var lines = File.ReadAllLines(folder.File("out.csv"));
        Assert.Equal(30163, lines.Length);
        Assert.Equal("sex;age;race;marital-status;education;native-country;workclass;occupation;salary-class", lines[0]);
        Assert.Contains("255559.85455731067", output, StringComparison.Ordinal);
        Assert.Contains(folder.File("report.json"), output, StringComparison.Ordinal);
        Assert.Equal(["out.csv", "report.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Report_defaults_to_the_output_name_and_delimiter_is_detected()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("in.csv"), "zip,disease\n47677,Ulcer\n47678,Gait\n47602,Ulcer\n47605,Gait\n");
        File.WriteAllText(folder.File("c.yaml"), "attributes:\n  zip: { role: quasi-identifier, hierarchy: { masking: { } } }\n  disease: sensitive\nprivacy:\n  - k-anonymity: { k: 2 }\n");
        var (code, _, error) = CliRunner.Run("anonymize", "-i", folder.File("in.csv"), "-c", folder.File("c.yaml"), "-o", folder.File("out.csv"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal("zip,disease", File.ReadLines(folder.File("out.csv")).First());
        Assert.True(File.Exists(folder.File("out.report.json")));
    }

    [Fact]
    public void Input_and_output_may_come_from_the_configuration()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("in.csv"), "zip;disease\n47677;Ulcer\n47678;Gait\n");
        File.WriteAllText(folder.File("c.yaml"), "input: in.csv\noutput: result/out.csv\nreport: result/r.json\nattributes:\n  zip: { role: quasi-identifier, hierarchy: { masking: { } } }\nprivacy:\n  - k-anonymity: { k: 2 }\n");
        var (code, _, error) = CliRunner.Run("anonymize", "-c", folder.File("c.yaml"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(["zip;disease", "4767*;Ulcer", "4767*;Gait"], File.ReadAllLines(Path.Combine(folder.Path, "result", "out.csv")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "result", "r.json")));
    }

    private const string SmallConfig = """
        delimiter: ";"
        attributes:
          sex: { role: quasi-identifier, hierarchy: HIERARCHIES/adult_hierarchy_sex.csv }
          age: { role: quasi-identifier, hierarchy: HIERARCHIES/adult_hierarchy_age.csv }
          occupation: { role: sensitive }
        privacy:
          - k-anonymity: { k: 2 }
        suppressionLimit: 0
        """;

    private const string SmallData = "sex;age;occupation\nMale;39;Sales\nFemale;50;Sales\nMale;38;Tech-support\nFemale;53;Sales\n";

    /// <summary>Runs anonymize on a small table and configuration (either may be altered) and checks that nothing was written.</summary>
    private static (int Code, string Error) RunFailing(string data, string config)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("bad.csv"), data);
        File.WriteAllText(folder.File("bad.yaml"), config.Replace("HIERARCHIES", AdultFolder, StringComparison.Ordinal));
        var (code, output, error) = CliRunner.Run("anonymize", "--input", folder.File("bad.csv"), "--config", folder.File("bad.yaml"),
            "--output", folder.File("out.csv"), "--report", folder.File("report.json"));
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Equal(["bad.csv", "bad.yaml"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        return (code, error);
    }

    [Fact]
    public void The_small_case_itself_succeeds()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("in.csv"), SmallData);
        File.WriteAllText(folder.File("c.yaml"), SmallConfig.Replace("HIERARCHIES", AdultFolder, StringComparison.Ordinal));
        var (code, _, error) = CliRunner.Run("anonymize", "-i", folder.File("in.csv"), "-c", folder.File("c.yaml"), "-o", folder.File("out.csv"));
        Assert.True(code == ExitCodes.Success, error);
    }

    [Fact]
    public void Malformed_csv_row_names_file_and_line()
    {
        var (code, error) = RunFailing(SmallData + "Male;\"41;Sales\n", SmallConfig);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.csv, line 6", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_missing_from_a_hierarchy_names_attribute_value_and_hierarchy()
    {
        var (code, error) = RunFailing(SmallData + "Male;200;Sales\n", SmallConfig);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("'age'", error, StringComparison.Ordinal);
        Assert.Contains("'200'", error, StringComparison.Ordinal);
        Assert.Contains("adult_hierarchy_age.csv", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_column_in_the_configuration_names_the_place_and_the_columns()
    {
        var (code, error) = RunFailing(SmallData, SmallConfig.Replace("occupation: { role", "job: { role", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.yaml, line 5, column 3: attribute 'job' is not a column of 'bad.csv'. Columns: sex, age, occupation.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_names_the_place()
    {
        var (code, error) = RunFailing(SmallData, SmallConfig.Replace("k-anonymity:", "k-anonymous:", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.yaml, line 7, column 5: unknown privacy model 'k-anonymous'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void K_larger_than_the_table_names_the_place()
    {
        var (code, error) = RunFailing(SmallData, SmallConfig.Replace("k: 2", "k: 10", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.yaml, line 7, column 5: k-anonymity needs classes of at least 10 records, but 'bad.csv' has only 4.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_solution_has_its_own_exit_code()
    {
        var config = SmallConfig.Replace("  - k-anonymity: { k: 2 }", "  - distinct-l-diversity: { attribute: occupation, l: 3 }", StringComparison.Ordinal);
        var (code, error) = RunFailing(SmallData, config);
        Assert.Equal(ExitCodes.NoSolution, code);
        Assert.Contains("No transformation satisfies", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_input_file_is_invalid_input()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliRunner.Run("anonymize", "-i", folder.File("nope.csv"), "-c", TestData.Adult("adult-k5.yaml"), "-o", folder.File("out.csv"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("nope.csv", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Cancellation_writes_nothing()
    {
        using var folder = new TempFolder();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SanitasApp.RunAsync(["anonymize", "-i", TestData.Adult("adult.csv"), "-c", TestData.Adult("adult-k5.yaml"), "-o", folder.File("out.csv")],
            output, error, new CancellationToken(canceled: true));
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Missing_required_option_is_a_usage_error()
    {
        var (code, _, error) = CliRunner.Run("anonymize", "--input", "x.csv");
        Assert.Equal(ExitCodes.InvalidArguments, code);
        Assert.Contains("--config", error, StringComparison.Ordinal);
        Assert.Contains("sanitas anonymize --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_codes_are_distinct()
    {
        int[] codes = [ExitCodes.Success, ExitCodes.InternalError, ExitCodes.InvalidInput, ExitCodes.NoSolution, ExitCodes.InvalidArguments, ExitCodes.Cancelled];
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.Equal("130", ExitCodes.Cancelled.ToString(CultureInfo.InvariantCulture));
    }
}
