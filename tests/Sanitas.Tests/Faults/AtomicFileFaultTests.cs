using System.Diagnostics;
using Sanitas.Data;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>Issue 12, item 3: output paths — symbolic links, special files, permissions, stale temporary files.</summary>
public class AtomicFileFaultTests
{
    private static Table Small() => CsvReader.Parse(new StringReader("a,b\n1,x\n2,y\n"), "small.csv");

    [Fact]
    public void A_symbolic_link_keeps_being_a_link_and_its_target_gets_the_new_content()
    {
        using var folder = new TempFolder();
        var target = folder.File("real.csv");
        File.WriteAllText(target, "old\n");
        var link = folder.File("link.csv");
        File.CreateSymbolicLink(link, "real.csv");

        CsvWriter.Write(Small(), link);

        Assert.Equal("real.csv", new FileInfo(link).LinkTarget);
        Assert.Equal("a,b\n1,x\n2,y\n", File.ReadAllText(target));
        Assert.Equal(["link.csv", "real.csv"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_dangling_link_creates_its_target()
    {
        using var folder = new TempFolder();
        var link = folder.File("link.json");
        File.CreateSymbolicLink(link, "made.json");
        AtomicFile.WriteAllText(link, "{}");
        Assert.Equal("{}", File.ReadAllText(folder.File("made.json")));
        Assert.Equal("made.json", new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void Special_files_and_folders_are_refused_and_left_as_they_were()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var folder = new TempFolder();
        var fifo = folder.File("pipe");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }
        var error = Assert.Throws<IOException>(() => CsvWriter.Write(Small(), fifo));
        Assert.Contains("is a pipe, not a regular file", error.Message);
        Assert.Contains(fifo, error.Message);
        Assert.Equal(FileKind.Pipe, FileKinds.Of(fifo));

        Assert.Contains("is a character device", Assert.Throws<IOException>(() => AtomicFile.WriteAllText("/dev/null", "x")).Message);
        Assert.Contains("is a character device", Assert.Throws<IOException>(() => AtomicFile.WriteAllText("/dev/full", "x")).Message);
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));
        Assert.Contains("is a directory", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(folder.Path, "x")).Message);
        Assert.Equal(["pipe"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void An_existing_file_keeps_its_permissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var folder = new TempFolder();
        var path = folder.File("secret.csv");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        CsvWriter.Write(Small(), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Temporary_files_of_dead_runs_and_of_earlier_versions_are_swept_live_ones_kept()
    {
        using var folder = new TempFolder();
        var dead = folder.File(".out.csv.sanitas-2147483646-0123456789abcdef0123456789abcdef.tmp");
        var live = folder.File($".out.csv.sanitas-{Environment.ProcessId}-0123456789abcdef0123456789abcdef.tmp");
        var legacy = folder.File($".out.csv.{Guid.NewGuid():N}.part");
        var legacyNested = folder.File($"..out.csv.{Guid.NewGuid():N}.part.{Guid.NewGuid():N}.tmp");
        var unrelated = folder.File(".out.csv.notes.tmp");
        foreach (var file in new[] { dead, live, legacy, legacyNested, unrelated })
        {
            File.WriteAllText(file, "junk");
        }

        CsvWriter.Write(Small(), folder.File("out.csv"));

        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(legacy));
        Assert.False(File.Exists(legacyNested));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");
        File.WriteAllText(path, "old");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => CsvWriter.Write(Small(), path, ',', cancelled.Token));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["out.csv"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }
}
