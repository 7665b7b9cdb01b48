using Sanitas.Server.Storage;

namespace Sanitas.Server.Tests;

/// <summary>The server's store on its own: jobs interrupted by a stop are failed at the next start.</summary>
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
}
