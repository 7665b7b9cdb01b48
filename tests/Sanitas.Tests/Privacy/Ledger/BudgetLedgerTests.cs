using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy.Ledger;

public sealed class BudgetLedgerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-ledger-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SqliteBudgetLedger Sqlite() => new(Path.Combine(_folder, "ledger.sqlite"));

    private static string NewDataset() => "trial-" + Guid.NewGuid().ToString("N");


    [Fact]
    public async Task Sqlite_grants_charges_and_reports_remaining()
    {
        var ledger = Sqlite();
        await ledger.SetBudgetAsync("alice", "trial", 2.0, 1e-6);
        await ledger.ChargeAsync("alice", "trial", 0.5, 0, "SELECT COUNT(*) FROM Patients");
        var budget = await ledger.GetAsync("alice", "trial");
        Assert.NotNull(budget);
        Assert.Equal(2.0, budget.EpsilonTotal);
        Assert.Equal(0.5, budget.EpsilonSpent, 12);
        Assert.Equal(1.5, budget.EpsilonRemaining, 12);
        Assert.Equal(1e-6, budget.DeltaRemaining, 1e-18);
    }

    [Fact]
    public async Task Sqlite_refuses_a_charge_over_budget_and_charges_nothing()
    {
        var ledger = Sqlite();
        await ledger.SetBudgetAsync("alice", "trial", 1.0);
        await ledger.ChargeAsync("alice", "trial", 0.75, 0, "first");
        var error = await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => ledger.ChargeAsync("alice", "trial", 0.5, 0, "second"));
        Assert.Contains("asked for ε = 0.5", error.Message);
        Assert.Contains("only ε = 0.25", error.Message);
        Assert.Contains("Nothing was charged", error.Message);
        Assert.Equal(0.75, (await ledger.GetAsync("alice", "trial"))!.EpsilonSpent, 12);
        Assert.Single(await ledger.GetEntriesAsync("alice"));
    }

    [Fact]
    public async Task Sqlite_refuses_an_analyst_without_budget()
    {
        var ledger = Sqlite();
        var error = await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => ledger.ChargeAsync("mallory", "trial", 0.1, 0, "q"));
        Assert.Contains("has no privacy budget on 'trial'", error.Message);
        Assert.Null(error.Budget);
        Assert.Null(await ledger.GetAsync("mallory", "trial"));
    }

    [Fact]
    public async Task Sqlite_delta_is_charged_and_bounded_too()
    {
        var ledger = Sqlite();
        await ledger.SetBudgetAsync("bob", "trial", 10, 1e-6);
        await ledger.ChargeAsync("bob", "trial", 1, 6e-7, "gaussian");
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => ledger.ChargeAsync("bob", "trial", 1, 6e-7, "gaussian again"));
    }

    [Fact]
    public async Task Sqlite_ten_charges_of_a_tenth_fit_a_budget_of_one()
    {
        var ledger = Sqlite();
        await ledger.SetBudgetAsync("alice", "trial", 1.0);
        for (var i = 0; i < 10; i++)
        {
            await ledger.ChargeAsync("alice", "trial", 0.1, 0, $"q{i}");
        }
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => ledger.ChargeAsync("alice", "trial", 0.1, 0, "eleventh"));
    }

    [Fact]
    public async Task Sqlite_keeps_an_audit_trail_across_instances()
    {
        var path = Path.Combine(_folder, "audit.sqlite");
        var first = new SqliteBudgetLedger(path);
        await first.SetBudgetAsync("alice", "trial", 1.0);
        await first.ChargeAsync("alice", "trial", 0.2, 0, "SELECT MEDIAN(Age) FROM Patients");
        var reopened = new SqliteBudgetLedger(path);
        var entries = await reopened.GetEntriesAsync("alice", "trial");
        var entry = Assert.Single(entries);
        Assert.Equal("SELECT MEDIAN(Age) FROM Patients", entry.Description);
        Assert.Equal(0.2, entry.Epsilon);
        Assert.True((DateTimeOffset.UtcNow - entry.ChargedAt).Duration() < TimeSpan.FromMinutes(5));
        Assert.Equal(0.8, (await reopened.GetAsync("alice", "trial"))!.EpsilonRemaining, 12);
    }

    [Fact]
    public async Task Sqlite_resetting_a_budget_keeps_what_was_spent()
    {
        var ledger = Sqlite();
        await ledger.SetBudgetAsync("alice", "trial", 1.0);
        await ledger.ChargeAsync("alice", "trial", 0.6, 0, "q");
        var budget = await ledger.SetBudgetAsync("alice", "trial", 2.0);
        Assert.Equal(0.6, budget.EpsilonSpent, 12);
        Assert.Equal(1.4, budget.EpsilonRemaining, 12);
    }

    [Theory]
    [InlineData(-1.0, 0.0, "ε budget must be 0 (no budget) or a finite number of at least 0.001")]
    [InlineData(double.PositiveInfinity, 0.0, "ε budget must be 0 (no budget) or a finite number of at least 0.001")]
    [InlineData(1e-300, 0.0, "ε budget must be 0 (no budget) or a finite number of at least 0.001")]
    [InlineData(double.Epsilon, 0.0, "ε budget must be 0 (no budget) or a finite number of at least 0.001")]
    [InlineData(1.0, 1.0, "δ budget must be in [0, 1)")]
    public async Task Invalid_budgets_are_rejected(double epsilon, double delta, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidOptionException>(() => Sqlite().SetBudgetAsync("alice", "trial", epsilon, delta));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Sqlite_twenty_concurrent_charges_against_a_budget_for_ten_release_exactly_ten() =>
        await ConcurrentCharges(() => new SqliteBudgetLedger(Path.Combine(_folder, "concurrent.sqlite")), "trial");

    [PostgresFact]
    public async Task Postgres_twenty_concurrent_charges_against_a_budget_for_ten_release_exactly_ten() =>
        await ConcurrentCharges(() => new PostgresBudgetLedger(PostgresFactAttribute.Require()), NewDataset());

    [PostgresFact]
    public async Task Postgres_refuses_over_budget_and_keeps_the_audit_trail()
    {
        var ledger = new PostgresBudgetLedger(PostgresFactAttribute.Require());
        var dataset = NewDataset();
        await ledger.SetBudgetAsync("alice", dataset, 1.0);
        await ledger.ChargeAsync("alice", dataset, 0.75, 0, "first");
        await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => ledger.ChargeAsync("alice", dataset, 0.5, 0, "second"));
        Assert.Equal(0.75, (await ledger.GetAsync("alice", dataset))!.EpsilonSpent, 12);
        Assert.Equal("first", Assert.Single(await ledger.GetEntriesAsync("alice", dataset)).Description);
    }

    /// <summary>Each task uses its own ledger object (its own connections), as separate processes would.</summary>
    private static async Task ConcurrentCharges(Func<BudgetLedger> open, string dataset)
    {
        await open().SetBudgetAsync("alice", dataset, 1.0);
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var ledger = open();
            await ledger.EnsureCreatedAsync();
            start.Wait();
            try
            {
                await ledger.ChargeAsync("alice", dataset, 0.1, 0, $"query {i}");
                return true;
            }
            catch (PrivacyBudgetExceededException)
            {
                return false;
            }
        })).ToArray();
        start.Set();
        var released = await Task.WhenAll(tasks);
        Assert.Equal(10, released.Count(r => r));
        var check = open();
        Assert.Equal(1.0, (await check.GetAsync("alice", dataset))!.EpsilonSpent, 9);
        Assert.Equal(10, (await check.GetEntriesAsync("alice", dataset)).Count);
    }
}
