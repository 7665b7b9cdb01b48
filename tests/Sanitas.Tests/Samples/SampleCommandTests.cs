using Sanitas.Cli;
using Sanitas.Data;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Samples;

public sealed class SampleCommandTests
{
    [Fact]
    public void Writes_the_trial_and_prints_rows_and_paths()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "trial");
        var (code, output, error) = CliRunner.Run("sample", "clinical-trial", "--out", target, "--patients", "20", "--seed", "3");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal("", error);
        Assert.Contains("Simulated 20 patients (seed 3)", output, StringComparison.Ordinal);
        foreach (var name in new[] { "patients.csv", "comorbidities.csv", "readings.csv", "trial.sqlite", "trial.yaml" })
        {
            Assert.True(File.Exists(Path.Combine(target, name)), name);
            Assert.Contains(Path.Combine(target, name), output, StringComparison.Ordinal);
        }
        var readings = CsvReader.Read(Path.Combine(target, "readings.csv"));
        Assert.Contains(readings.RowCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_is_required_and_patients_must_be_positive()
    {
        var (code, _, error) = CliRunner.Run("sample", "clinical-trial");
        Assert.Equal(ExitCodes.InvalidArguments, code);
        Assert.Contains("--out", error, StringComparison.Ordinal);

        using var folder = new TempFolder();
        (code, _, error) = CliRunner.Run("sample", "clinical-trial", "--out", folder.Path, "--patients", "0");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("at least one patient", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }
}
