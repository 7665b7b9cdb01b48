namespace Sanitas.Tests.Faults;

/// <summary>
/// Options a user gets wrong are input errors (exit 2, a message in the user's terms), never "Internal
/// error" (exit 1, which means a bug in Sanitas): each case here once surfaced as an ArgumentException.
/// </summary>
public sealed class UserErrorExitCodeTests
{
    public static TheoryData<string[], string> Cases => new()
    {
        { ["sample", "multicentre", "--rows", "100", "--features", "2", "--sites", "1", "--out", Path.Combine(Path.GetTempPath(), "sanitas-never-written"), "--seed", "1"], "Need 2 to 100 sites" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_option_is_an_input_error_with_exit_2(string[] args, string message)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal error", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_synthetic_data_evaluation_target_that_is_not_declared_is_an_input_error()
    {
        using var folder = new TempFolder();
        var real = folder.File("real.csv");
        File.WriteAllText(real, "sex,age\nm,30\nf,40\nm,50\nf,60\n");
        var config = folder.File("synth.yaml");
        File.WriteAllText(config, "columns:\n  sex: [m, f]\n  age: { type: integer, min: 0, max: 100, bins: 10 }\n");
        var (code, _, error) = CliRunner.Run("synth", "evaluate", "--real", real, "--synthetic", real, "--config", config, "--report", folder.File("r.json"), "--target", "nosuch");
        Assert.Equal(2, code);
        Assert.Contains("'nosuch' is not a declared column", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("r.json")));
    }
}
