using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Cli.Demo;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Cli;

public class DemoCommandTests
{
    [Fact]
    public void Demo_anonymizes_adult_into_the_out_folder()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "demo");
        var (code, output, error) = CliRunner.Run("demo", "--out", target);

        Assert.True(code == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(target, "adult-anonymized.csv")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "adult-report.json")));
        Assert.Equal(AdultKAnonymityDemo.ArxInformationLoss, report.RootElement.GetProperty("informationLoss").GetProperty("value").GetDouble(), 1e-4);
        Assert.Contains("ARX", output, StringComparison.Ordinal);
        Assert.Contains("(the same)", output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(target, "adult-report.json"), output, StringComparison.Ordinal);

        // The risk step: the raw extract fails adult-risk.yaml's thresholds, the 5-anonymous output passes.
        using var rawRisk = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "adult-raw-risk.json")));
        using var releasedRisk = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "adult-anonymized-risk.json")));
        Assert.Equal("fail", rawRisk.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("pass", releasedRisk.RootElement.GetProperty("verdict").GetString());
        Assert.True(releasedRisk.RootElement.GetProperty("prosecutor").GetProperty("highest").GetDouble() <= 0.2);
    }

    [Fact]
    public void Samples_are_found_next_to_the_executable()
    {
        var samples = Sanitas.Cli.Demo.Samples.Locate();
        Assert.True(File.Exists(Path.Combine(samples, "adult", "adult-k5.yaml")));
    }
}
