using Sanitas.Anonymization;
using Sanitas.Cli;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>Issue 12, item 6: hierarchy files are regular files within size and line limits, found relative to the configuration.</summary>
public class HierarchyFileFaultTests
{
    private static (int ExitCode, string Output, string Error) Anonymize(TempFolder folder, string hierarchy)
    {
        File.WriteAllText(folder.File("in.csv"), "age,d\n30,x\n31,y\n40,x\n41,y\n");
        File.WriteAllText(folder.File("c.yaml"),
            $"attributes:\n  age: {{ role: quasi-identifier, hierarchy: {hierarchy} }}\n  d: {{ role: sensitive }}\nprivacy:\n  - k-anonymity: {{ k: 2 }}\n");
        return CliRunner.Run("anonymize", "--config", folder.File("c.yaml"), "--input", folder.File("in.csv"), "--output", folder.File("out.csv"));
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/dev/urandom", "is a character device, not a regular file")]
    [InlineData("/tmp", "is a directory, not a regular file")]
    public void Devices_and_folders_are_refused_at_once(string path, string message)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var folder = new TempFolder();
        var run = Anonymize(folder, path);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("c.yaml, line 2, column ", run.Error);
        Assert.Contains(message, run.Error);
        Assert.False(File.Exists(folder.File("out.csv")));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_and_the_limit_is_configurable()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("age.csv"), "30;*\n31;*\n40;*\n41;*\n");
        var small = Anonymize(folder, "{ file: age.csv, maxBytes: 10 }");
        Assert.Equal(ExitCodes.InvalidInput, small.ExitCode);
        Assert.Contains("the file has 20 bytes, more than the limit of 10", small.Error);
        Assert.Contains("maxBytes", small.Error);
        var enough = Anonymize(folder, "{ file: age.csv, maxBytes: 20 }");
        Assert.True(enough.ExitCode == ExitCodes.Success, enough.Error);
    }

    [Fact]
    public void A_line_over_the_length_limit_is_refused_with_its_line()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("age.csv"), "30;*\n31;*\n40;" + new string('x', 100) + "\n41;*\n");
        var run = Anonymize(folder, "{ file: age.csv, maxLineLength: 50 }");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("age.csv, line 3: the line is longer than the limit of 50 characters", run.Error);
        var error = Assert.Throws<HierarchyException>(() => HierarchyReader.Read(folder.File("age.csv"), ';', new HierarchyFileLimits { MaxLineLength = 50 }));
        Assert.Equal((int?)3, error.Line);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_its_line_instead_of_becoming_replacement_characters()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("age.csv"), [.. "30;*\n31;*\n40;"u8, 0xC3, 0x28, .. "\n41;*\n"u8]);
        var error = Assert.Throws<HierarchyException>(() => HierarchyReader.Read(folder.File("age.csv")));
        Assert.Equal((int?)3, error.Line);
        Assert.Contains("not valid UTF-8", error.Message);
        var run = Anonymize(folder, "age.csv");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.DoesNotContain("\uFFFD", run.Error + run.Output);
    }

    [Fact]
    public void Relative_paths_are_resolved_against_the_configuration_folder_not_the_working_directory()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("h"));
        File.WriteAllText(folder.File(Path.Combine("h", "age.csv")), "30;*\n31;*\n40;*\n41;*\n");
        var run = Anonymize(folder, "h/age.csv");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.NotEqual(folder.Path, Directory.GetCurrentDirectory());
    }
}
