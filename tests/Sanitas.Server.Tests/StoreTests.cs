using Sanitas.Server.Storage;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>The server's store on its own, on SQLite and PostgreSQL.</summary>
public sealed class StoreTests
{
    [Fact]
    public async Task Jobs_left_running_by_a_stop_are_marked_failed_on_restart_and_finished_ones_stay()
    {
        var dir = Directory.CreateTempSubdirectory("sanitas-store-").FullName;
        try
        {
            var store = new ServerStore(Path.Combine(dir, "sanitas.db"));
            await store.EnsureCreatedAsync();
            foreach (var (id, status) in new[] { ("a", JobStatus.Running), ("b", JobStatus.Queued), ("c", JobStatus.Succeeded) })
            {
                await store.AddJobAsync(new JobRecord(id, "risk", "steward", "adult", status, 0.5, null, "{}", status == JobStatus.Succeeded ? "risk.json" : null, ServerStore.Now(), null));
            }
            Assert.Equal(2, await store.FailInterruptedJobsAsync());
            Assert.Equal(JobStatus.Failed, (await store.JobAsync("a"))!.Status);
            Assert.Contains("server stopped", (await store.JobAsync("b"))!.Error);
            Assert.Equal(JobStatus.Succeeded, (await store.JobAsync("c"))!.Status);
            // A finished job never changes again.
            Assert.False(await store.UpdateJobAsync("c", JobStatus.Running, 0));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [PostgresFact]
    public async Task The_store_and_its_ledger_work_on_postgresql()
    {
        var store = new ServerStore(PostgresFactAttribute.RequireIsolated());
        await store.EnsureCreatedAsync();
        await store.UpsertUserAsync("alice", "analyst", null);
        await store.AddTokenAsync("alice", "HASH", "t");
        Assert.Equal("alice", (await store.UserByTokenHashAsync("HASH"))!.Name);
        Assert.True(await store.AddDatasetAsync(new DatasetRecord("d", "D", "", "x.sqlite", "tables: {}", null, null, "steward", ServerStore.Now())));
        Assert.False(await store.AddDatasetAsync(new DatasetRecord("d", "D", "", "x.sqlite", "tables: {}", null, null, "steward", ServerStore.Now())));
        await store.AddJobAsync(new JobRecord("j", "risk", "steward", "adult", JobStatus.Running, 0.5, null, "{}", null, ServerStore.Now(), null));
        Assert.Equal(1, await store.FailInterruptedJobsAsync());
        await store.AuditAsync("alice", "query", "d", 0.1, 0, "SELECT COUNT(*) FROM T");
        await store.AuditAsync("bob", "login", null, null, null, "browser sign-in");
        var audit = Assert.Single(await store.AuditLogAsync("alice", null, null, 10));
        Assert.Equal(0.1, audit.Epsilon);
        await store.Ledger.SetBudgetAsync("alice", "d", 1);
        await store.Ledger.ChargeAsync("alice", "d", 0.4, 0, "q");
        Assert.Equal(0.6, (await store.Ledger.GetAsync("alice", "d"))!.EpsilonRemaining, 9);
    }
}
