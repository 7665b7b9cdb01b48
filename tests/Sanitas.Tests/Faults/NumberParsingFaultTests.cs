using Sanitas.Cli;
using Sanitas.Privacy;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>Issue 12, item 1: numbers on the command line are invariant-culture and a comma is an error.</summary>
public class NumberParsingFaultTests
{
    [Theory]
    [InlineData("1,5")]
    [InlineData("0,1")]
    [InlineData("1,000")]
    public void Budget_set_refuses_a_comma_and_grants_nothing(string epsilon)
    {
        using var folder = new TempFolder();
        var db = folder.File("trial.sqlite");
        var set = CliRunner.Run("budget", "set", "--db", db, "--analyst", "alice", "--epsilon", epsilon);
        Assert.Equal(ExitCodes.InvalidArguments, set.ExitCode);
        Assert.Contains($"--epsilon: '{epsilon}' is not a number (write decimals with a dot", set.Error);
        Assert.Contains("Run 'sanitas budget set --help' for usage.", set.Error);
        Assert.False(File.Exists(db), "a refused command created the database");
    }

    [Theory]
    [InlineData("query", "0,1")]
    [InlineData("train", "0,1")]
    public void Query_and_train_refuse_a_comma_before_anything_runs(string command, string epsilon)
    {
        using var folder = new TempFolder();
        string[] args = command == "query"
            ? ["query", "--db", folder.File("x.sqlite"), "--metadata", folder.File("m.yaml"), "--analyst", "alice", "--epsilon", epsilon, "SELECT COUNT(*) FROM T"]
            : ["train", "--input", folder.File("x.csv"), "--target", "y", "--model", "linear", "--mechanism", "output", "--epsilon", epsilon, "--out", folder.File("m.json")];
        var run = CliRunner.Run(args);
        Assert.Equal(ExitCodes.InvalidArguments, run.ExitCode);
        Assert.Contains($"--epsilon: '{epsilon}' is not a number", run.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData("0.5", true, 0.5)]
    [InlineData("5e-1", true, 0.5)]
    [InlineData("-2", true, -2.0)]
    [InlineData("0,5", false, 0.0)]
    [InlineData("1,500", false, 0.0)]
    [InlineData("NaN", false, 0.0)]
    [InlineData("Infinity", false, 0.0)]
    [InlineData("1e400", false, 0.0)]
    [InlineData("", false, 0.0)]
    public void Numbers_read_in_the_invariant_culture_only(string text, bool ok, double expected)
    {
        Assert.Equal(ok, PrivacyParameters.TryParseNumber(text, out var value));
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }

    [Fact]
    public void A_whole_number_option_refuses_thousands_separators()
    {
        using var folder = new TempFolder();
        var run = CliRunner.Run("sample", "clinical-trial", "--out", folder.File("t"), "--patients", "1,000");
        Assert.Equal(ExitCodes.InvalidArguments, run.ExitCode);
        Assert.Contains("--patients: '1,000' is not a whole number", run.Error);
        Assert.False(Directory.Exists(folder.File("t")));
    }
}
