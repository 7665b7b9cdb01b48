using System.Text.Json;
using Sanitas.Privacy;

namespace Sanitas.Tests.Cli;

public sealed class BudgetCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-budget-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "trial.sqlite");

    [Fact]
    public void Set_then_show_as_json()
    {
        var set = CliRunner.Run("budget", "set", "--db", Db, "--analyst", "alice", "--epsilon", "2.0", "--delta", "1e-6");
        Assert.Equal(0, set.ExitCode);
        Assert.Contains("alice on trial", set.Output);

        var show = CliRunner.Run("budget", "show", "--db", Db, "--analyst", "alice", "--format", "json");
        Assert.Equal(0, show.ExitCode);
        using var json = JsonDocument.Parse(show.Output);
        Assert.Equal("alice", json.RootElement.GetProperty("analyst").GetString());
        Assert.Equal(2.0, json.RootElement.GetProperty("epsilonTotal").GetDouble());
        Assert.Equal(0.0, json.RootElement.GetProperty("epsilonSpent").GetDouble());
        Assert.Equal(2.0, json.RootElement.GetProperty("epsilonRemaining").GetDouble());
    }

    [Fact]
    public async Task Show_reflects_charges()
    {
        CliRunner.Run("budget", "set", "--db", Db, "--analyst", "alice", "--epsilon", "1");
        await new SqliteBudgetLedger(Db).ChargeAsync("alice", "trial", 0.25, 0, "SELECT COUNT(*) FROM Patients");
        var show = CliRunner.Run("budget", "show", "--db", Db, "--analyst", "alice", "--format", "json");
        using var json = JsonDocument.Parse(show.Output);
        Assert.Equal(0.25, json.RootElement.GetProperty("epsilonSpent").GetDouble(), 12);
        Assert.Equal(0.75, json.RootElement.GetProperty("epsilonRemaining").GetDouble(), 12);
    }

    [Fact]
    public void A_separate_ledger_database_holds_the_budget()
    {
        var ledger = Path.Combine(_folder, "ledger.sqlite");
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", Db, "--ledger", ledger, "--analyst", "alice", "--epsilon", "1").ExitCode);
        Assert.True(File.Exists(ledger));
        Assert.False(File.Exists(Db));
        Assert.Equal(0, CliRunner.Run("budget", "show", "--db", Db, "--ledger", ledger, "--analyst", "alice").ExitCode);
    }

    [Fact]
    public void An_analyst_without_budget_gets_a_clear_error()
    {
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", Db, "--analyst", "alice", "--epsilon", "1").ExitCode);
        var show = CliRunner.Run("budget", "show", "--db", Db, "--analyst", "mallory");
        Assert.Equal(4, show.ExitCode);
        Assert.Contains("Analyst 'mallory' has no privacy budget on 'trial'", show.Error);
    }

    [Fact]
    public void A_negative_budget_is_rejected()
    {
        var set = CliRunner.Run("budget", "set", "--db", Db, "--analyst", "alice", "--epsilon", "-1");
        Assert.Equal(64, set.ExitCode);
        Assert.Contains("--epsilon must be 0 (no budget) or a finite number of at least 0.001", set.Error);
    }

    [PostgresFact]
    public void Budgets_live_in_postgres_when_db_is_a_connection_string()
    {
        var connection = PostgresFactAttribute.Require();
        var analyst = "alice-" + Guid.NewGuid().ToString("N");
        Assert.Equal(0, CliRunner.Run("budget", "set", "--db", connection, "--analyst", analyst, "--epsilon", "3").ExitCode);
        var show = CliRunner.Run("budget", "show", "--db", connection, "--analyst", analyst, "--format", "json");
        Assert.Equal(0, show.ExitCode);
        using var json = JsonDocument.Parse(show.Output);
        Assert.Equal(3.0, json.RootElement.GetProperty("epsilonRemaining").GetDouble());
    }
}
