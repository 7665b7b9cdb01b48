using Sanitas.Cli;
using Sanitas.Privacy;
using Sanitas.Tests.Cli;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Faults;

/// <summary>Issue 12, item 2: a vanishing ε is refused, and so is any release once less than the minimum remains.</summary>
public class MinimumEpsilonFaultTests
{
    [Theory]
    [InlineData(5e-324)]
    [InlineData(1e-300)]
    [InlineData(0.0)]
    [InlineData(0.000999)]
    [InlineData(double.NaN)]
    public async Task The_ledger_refuses_a_charge_below_the_minimum(double epsilon)
    {
        using var folder = new TempFolder();
        var ledger = new SqliteBudgetLedger(folder.File("ledger.sqlite"));
        await ledger.SetBudgetAsync("alice", "trial", 1);
        var error = await Assert.ThrowsAsync<InvalidOptionException>(() => ledger.ChargeAsync("alice", "trial", epsilon, 0, "q"));
        Assert.Contains("at least 0.001", error.Message);
        Assert.Equal(0, (await ledger.GetAsync("alice", "trial"))!.EpsilonSpent);
        Assert.Empty(await ledger.GetEntriesAsync("alice"));
    }

    [Fact]
    public async Task An_exhausted_or_zero_budget_allows_no_query_at_all()
    {
        using var folder = new TempFolder();
        var ledger = new SqliteBudgetLedger(folder.File("ledger.sqlite"));
        await ledger.SetBudgetAsync("alice", "trial", 1);
        await ledger.ChargeAsync("alice", "trial", 0.9995, 0, "q1");
        var refused = await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => ledger.ChargeAsync("alice", "trial", PrivacyParameters.MinimumEpsilon, 0, "q2"));
        Assert.Contains("Less than the minimum ε = 0.001 of a release remains", refused.Message);

        await ledger.SetBudgetAsync("bob", "trial", 0);
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => ledger.ChargeAsync("bob", "trial", PrivacyParameters.MinimumEpsilon, 0, "q"));
        Assert.Single(await ledger.GetEntriesAsync("alice"));
        Assert.Empty(await ledger.GetEntriesAsync("bob"));
    }

    [Theory]
    [InlineData("5e-324")]
    [InlineData("1e-300")]
    [InlineData("0")]
    public void The_command_line_refuses_a_vanishing_epsilon_before_opening_anything(string epsilon)
    {
        using var folder = new TempFolder();
        var query = CliRunner.Run("query", "--db", folder.File("x.sqlite"), "--metadata", folder.File("m.yaml"), "--analyst", "alice", "--epsilon", epsilon, "SELECT COUNT(*) FROM T");
        Assert.Equal(ExitCodes.InvalidArguments, query.ExitCode);
        Assert.Contains("--epsilon must be a finite number of at least 0.001 (the least ε a release may spend)", query.Error);
        var budget = CliRunner.Run("budget", "set", "--db", folder.File("x.sqlite"), "--analyst", "alice", "--epsilon", epsilon == "0" ? "1e-9" : epsilon);
        Assert.Equal(ExitCodes.InvalidArguments, budget.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_budget_of_zero_revokes()
    {
        Assert.Equal(0, PrivacyParameters.CheckBudgetEpsilon(0));
        Assert.Equal(0.001, PrivacyParameters.CheckBudgetEpsilon(0.001));
        Assert.Throws<InvalidOptionException>(() => PrivacyParameters.CheckBudgetEpsilon(0.0005));
    }
}
