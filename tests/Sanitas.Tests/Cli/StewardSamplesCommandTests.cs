using System.Text.Json;
using Sanitas.Tests.Support;

namespace Sanitas.Tests.Cli;

/// <summary>The worked example of docs/anonymization.md ("Steward controls"): the sample configs give the numbers the page shows.</summary>
public sealed class StewardSamplesCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private JsonElement Anonymize(string input, string config, params string[] extra)
    {
        var output = _folder.File(Path.GetFileNameWithoutExtension(config) + ".csv");
        var (code, _, error) = CliRunner.Run(["anonymize", "-i", Path.Combine(TestData.RepositoryRoot, input), "-c", Path.Combine(TestData.RepositoryRoot, config), "-o", output, .. extra]);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(output, ".report.json"))).RootElement.Clone();
    }

    [Fact]
    public void The_stewards_Adult_config_keeps_sex_and_education_bands_age_and_says_what_paid_for_it()
    {
        var html = _folder.File("adult-steward.html");
        var report = Anonymize("samples/adult/adult.csv", "samples/adult/adult-k5-steward.yaml", "--html", html);
        var levels = report.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("attribute").GetString()!, a => a.GetProperty("level").GetInt32());
        Assert.Equal(0, levels["sex"]);
        Assert.Equal(0, levels["education"]);
        Assert.Equal(1, levels["age"]);
        Assert.Equal(966, report.GetProperty("suppressedRecords").GetInt32());
        Assert.Equal(33.4, report.GetProperty("informationLoss").GetProperty("percent").GetDouble(), 1);
        var warned = report.GetProperty("warnings").EnumerateArray().Where(w => w.GetProperty("code").GetString() == "fully-generalized")
            .Select(w => w.GetProperty("attribute").GetString()).Order().ToList();
        Assert.Equal(["native-country", "occupation", "race", "workclass"], warned);
        Assert.Contains("Re-identification risk", File.ReadAllText(html));
    }

    [Fact]
    public void A_birth_year_demand_on_the_patients_runs_and_warns_that_suppression_dominates()
    {
        var report = Anonymize("samples/clinical/patients.csv", "samples/clinical/patients-birth-year.yaml");
        Assert.Equal(52, report.GetProperty("suppressedRecords").GetInt32());
        Assert.Contains(report.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "suppression-dominates");
    }
}
