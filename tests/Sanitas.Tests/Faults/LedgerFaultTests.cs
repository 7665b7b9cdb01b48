using Sanitas.Cli;
using Sanitas.Privacy;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>Issue 12, item 7: a ledger that cannot be used is exit 2 with its name and the cause; show never creates one.</summary>
public class LedgerFaultTests
{
    [Fact]
    public void Budget_show_on_a_mistyped_database_creates_nothing()
    {
        using var folder = new TempFolder();
        var db = folder.File("tiral.sqlite");
        var show = CliRunner.Run("budget", "show", "--db", db, "--analyst", "alice");
        Assert.Equal(ExitCodes.InvalidInput, show.ExitCode);
        Assert.Contains($"The budget ledger {db} cannot be used: the file does not exist", show.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Budget_set_says_when_it_created_the_ledger()
    {
        using var folder = new TempFolder();
        var db = folder.File("trial.sqlite");
        var first = CliRunner.Run("budget", "set", "--db", db, "--analyst", "alice", "--epsilon", "1");
        Assert.Contains($"Created the ledger database {db}.", first.Output);
        var second = CliRunner.Run("budget", "set", "--db", db, "--analyst", "alice", "--epsilon", "2");
        Assert.DoesNotContain("Created", second.Output);
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "folder", "it is a folder, not a SQLite file" },
        { "garbage", "the file is not a SQLite database" },
        { "truncated", "the database file is damaged" },
        { "missing-folder", "its folder does not exist" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Broken_ledgers_are_named_with_their_cause(string kind, string cause)
    {
        using var folder = new TempFolder();
        var good = folder.File("good.sqlite");
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", good, "--analyst", "alice", "--epsilon", "1").ExitCode);
        var db = folder.File("ledger.sqlite");
        switch (kind)
        {
            case "folder":
                Directory.CreateDirectory(db);
                break;
            case "garbage":
                File.WriteAllText(db, "this is not a database, just text that is long enough to have a header of one hundred bytes .......");
                break;
            case "truncated":
                File.WriteAllBytes(db, File.ReadAllBytes(good).AsSpan(0, 100).ToArray());
                break;
            default:
                db = folder.File(Path.Combine("no-such-folder", "ledger.sqlite"));
                break;
        }
        foreach (var args in new[] { new[] { "budget", "set", "--db", db, "--analyst", "alice", "--epsilon", "1" }, ["budget", "show", "--db", db, "--analyst", "alice"] })
        {
            var run = CliRunner.Run(args);
            Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
            Assert.Contains($"The budget ledger {db} cannot be used: {cause}", run.Error);
            Assert.DoesNotContain("Internal error", run.Error);
        }
    }

    [Fact]
    public void A_read_only_ledger_is_named()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var folder = new TempFolder();
        var db = folder.File("ro.sqlite");
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", db, "--analyst", "alice", "--epsilon", "1").ExitCode);
        File.SetUnixFileMode(db, UnixFileMode.UserRead);
        File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            if (CanWrite(db))
            {
                return; // root ignores file modes
            }
            var run = CliRunner.Run("budget", "set", "--db", db, "--analyst", "alice", "--epsilon", "2");
            Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
            Assert.Contains($"The budget ledger {db} cannot be used", run.Error);
        }
        finally
        {
            File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task An_unreachable_postgres_is_named_without_its_password()
    {
        var ledger = BudgetLedger.Open("Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Database=trial;Timeout=3", createIfMissing: true);
        var error = await Assert.ThrowsAsync<LedgerUnavailableException>(() => ledger.GetAsync("alice", "trial"));
        Assert.Contains("PostgreSQL database 'trial' on 127.0.0.1:1", error.Message);
        Assert.Contains("cannot be reached", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        var run = CliRunner.Run("budget", "show", "--db", "Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Database=trial;Timeout=3", "--analyst", "alice");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
