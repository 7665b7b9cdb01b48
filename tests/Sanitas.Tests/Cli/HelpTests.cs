using Sanitas.Cli;

namespace Sanitas.Tests.Cli;

public class HelpTests
{
    [Theory]
    [InlineData(new[] { "--help" }, "sanitas [command] [options]")]
    [InlineData(new[] { "-h" }, "anonymize")]
    [InlineData(new[] { "anonymize", "--help" }, "sanitas anonymize [options]")]
    [InlineData(new[] { "demo", "--help" }, "sanitas demo [options]")]
    public void Help_works_for_root_and_each_command(string[] args, string expected)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("", error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_is_a_usage_error()
    {
        var (code, _, error) = CliRunner.Run();
        Assert.Equal(ExitCodes.InvalidArguments, code);
        Assert.Contains("sanitas --help", error, StringComparison.Ordinal);
    }
}
