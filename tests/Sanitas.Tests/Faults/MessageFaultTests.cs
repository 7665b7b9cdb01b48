using System.Text;
using Sanitas.Anonymization;
using Sanitas.Cli;
using Sanitas.Cli.Rendering;
using Sanitas.Configuration;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>Issue 12, item 8: messages name the right place and never echo what they should not.</summary>
public class MessageFaultTests
{
    [Fact]
    public void Invalid_utf8_on_line_4001_is_reported_on_line_4001()
    {
        using var folder = new TempFolder();
        var text = new StringBuilder("a,b\n");
        for (var i = 2; i < 4001; i++)
        {
            text.Append(i).Append(",x\n");
        }
        var path = folder.File("bad.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(text.ToString()), (byte)'1', (byte)',', 0xFF, (byte)'\n', .. "4002,y\n"u8]);
        var run = CliRunner.Run("import", "--input", path, "--db", folder.File("x.sqlite"), "--table", "T");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("bad.csv, line 4001", run.Error);
        Assert.Contains("not valid UTF-8", run.Error);
    }

    [Fact]
    public void A_device_as_input_is_refused_without_reading_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var folder = new TempFolder();
        var run = CliRunner.Run("import", "--input", "/dev/zero", "--db", folder.File("x.sqlite"), "--table", "T");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("/dev/zero is a character device, not a regular file", run.Error);
        Assert.DoesNotContain("newSize", run.Error);
    }

    [Fact]
    public void A_header_only_csv_says_so_instead_of_blaming_a_hierarchy()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("in.csv"), "age,zip,d\n");
        File.WriteAllText(folder.File("c.yaml"),
            "attributes:\n  age: { role: quasi-identifier, hierarchy: { intervals: [10] } }\n  zip: { role: quasi-identifier, hierarchy: { masking: {} } }\n  d: { role: sensitive }\nprivacy:\n  - k-anonymity: { k: 2 }\n");
        var run = CliRunner.Run("anonymize", "--config", folder.File("c.yaml"), "--input", folder.File("in.csv"), "--output", folder.File("out.csv"));
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("'in.csv' has a header but no rows", run.Error);
        Assert.DoesNotContain("hierarchy", run.Error);
    }

    [Fact]
    public void A_tab_on_line_3_is_reported_on_line_3()
    {
        var error = Assert.Throws<ConfigException>(() => AnonymizationConfigLoader.Parse(new StringReader("attributes:\n  age:\n\trole: sensitive\n"), "c.yaml"));
        Assert.Equal(3, error.Line);
        Assert.Contains("tab", error.Message);
    }

    [Fact]
    public void Argument_errors_lose_the_parameter_name_suffix()
    {
        // An ArgumentException is a bug in Sanitas (input errors are SanitasExceptions): an internal error, not "invalid input".
        var (code, message) = CommandErrors.Describe(new ArgumentException("The delimiter cannot be a quote.", "options"));
        Assert.Equal(ExitCodes.InternalError, code);
        Assert.EndsWith("The delimiter cannot be a quote.", message, StringComparison.Ordinal);
        Assert.EndsWith("must be positive.", CommandErrors.Describe(new ArgumentOutOfRangeException("epsilon", -1.0, "must be positive.")).Message, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.InvalidInput, "The delimiter cannot be a quote."), CommandErrors.Describe(new InvalidOptionException("delimiter", "The delimiter cannot be a quote.", null)));
        Assert.Equal("--max-rows-per-unit must be at least 1, got 0.", CommandErrors.Describe(new InvalidOptionException("maxRowsPerUnit", "`maxRowsPerUnit` must be at least 1, got 0.", null)).Message);
    }

    [Fact]
    public void The_usage_hint_names_the_subcommand()
    {
        var run = CliRunner.Run("budget", "set", "--db", "x.sqlite", "--analyst", "a");
        Assert.Equal(ExitCodes.InvalidArguments, run.ExitCode);
        Assert.Contains("Run 'sanitas budget set --help' for usage.", run.Error);
    }

    [Fact]
    public void Control_characters_in_names_are_not_sent_to_the_terminal()
    {
        using var folder = new TempFolder();
        var run = CliRunner.Run("budget", "set", "--db", folder.File("x.sqlite"), "--analyst", "\u001b[2J\u001b[31mevil\r\u009b", "--epsilon", "1");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("\\u001B[2J\\u001B[31mevil\\u000D\\u009B on x", run.Output);
        Assert.DoesNotContain('\u001b', run.Output + run.Error);
        Assert.Equal("line\n\ttab", SpectreCliConsole.Printable("line\n\ttab"));
    }
}
