using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>
/// Issue 12, item 5: SIGINT and SIGTERM cancel a running command, which says "Cancelled; nothing was
/// written.", exits 130 or 143 and leaves no temporary file; the next run sweeps what a SIGKILL left.
/// </summary>
[Trait("Category", "Slow")]
public class SignalFaultTests
{
    [Theory]
    [InlineData(ChildCli.SigInt, 130)]
    [InlineData(ChildCli.SigTerm, 143)]
    public void A_signal_cancels_cleanly_with_the_shell_exit_code(int signal, int expected)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var folder = new TempFolder();
        using var inputs = new TempFolder();
        // Ten times Adult, so that the command is still at work when the signal arrives even on a loaded machine
        // (with Adult itself it could finish between the test seeing its input open and the signal).
        var input = inputs.File("adult-300k.csv");
        Assert.Equal(0, CliRunner.Run("sample", "adult-scale", "--rows", "300000", "--out", input, "--seed", "1").ExitCode);
        var output = folder.File("out.csv");
        File.WriteAllText(output, "OLD\n");
        using var child = ChildCli.Start(folder.Path, "anonymize", "--input", input, "--config", TestData.Adult("adult-k5.yaml"),
            "--output", output, "--report", folder.File("report.json"));
        Assert.True(child.WaitForOpenFileUnder(inputs.Path, TimeSpan.FromSeconds(30)), "the command never opened its input");
        child.Signal(signal);
        var (code, _, error) = child.WaitForExit();

        Assert.Equal(expected, code);
        Assert.Contains("Cancelled; nothing was written.", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("OLD\n", File.ReadAllText(output));
        Assert.Equal(["out.csv"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Temporary_files_left_by_a_killed_run_are_swept_by_the_next_run()
    {
        using var folder = new TempFolder();
        var output = folder.File("out.csv");
        // What a SIGKILL leaves: a dead process's temporary files, and those of the previous version's naming.
        File.WriteAllText(folder.File(".out.csv.sanitas-2147483646-0123456789abcdef0123456789abcdef.tmp"), "partial");
        File.WriteAllText(folder.File($"..out.csv.{Guid.NewGuid():N}.part.{Guid.NewGuid():N}.tmp"), "partial");
        File.WriteAllText(folder.File($".report.json.{Guid.NewGuid():N}.tmp"), "partial");
        var (code, _, error) = ChildCli.Run(folder.Path, "anonymize", "--input", TestData.Adult("adult.csv"), "--config", TestData.Adult("adult-k5.yaml"),
            "--output", output, "--report", folder.File("report.json"));
        Assert.True(code == 0, error);
        Assert.Equal(["out.csv", "report.json"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order());
    }
}
