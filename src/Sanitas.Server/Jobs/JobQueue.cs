using System.Collections.Concurrent;
using System.Threading.Channels;
using Sanitas.Server.Hosting;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Jobs;

/// <summary>
/// Persisted background jobs: a bounded queue (a full queue refuses new jobs), a few workers, progress
/// written to the store, cancellation, and results moved into <c>DIR/jobs/ID</c> only when complete,
/// so a failed, cancelled or interrupted job never leaves a half-written result that is served.
/// </summary>
internal sealed class JobQueue(ServerStore store, ServerOptions options, ILogger<JobQueue> logger) : BackgroundService
{
    private readonly Channel<(string Id, JobWork Work, Func<Exception, string> Describe)> _queue =
        Channel.CreateBounded<(string, JobWork, Func<Exception, string>)>(new BoundedChannelOptions(Math.Max(1, options.JobQueueCapacity)) { FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();

    /// <summary>The folder of a job's results.</summary>
    public string ResultDirectory(string id) => Path.Combine(options.DataDirectory, "jobs", id);

    /// <summary>Persists and enqueues a job; null when the queue is full (nothing is stored then).</summary>
    /// <param name="describe">Turns a failure into the error users see (e.g. a fixed text after a DP charge).</param>
    public async Task<JobRecord?> EnqueueAsync(string kind, string owner, string target, string parameters, JobWork work, Func<Exception, string> describe, CancellationToken ct)
    {
        var job = new JobRecord("job_" + Guid.NewGuid().ToString("N")[..16], kind, owner, target, JobStatus.Queued, 0, null, parameters, null, ServerStore.Now(), null);
        await store.AddJobAsync(job, ct).ConfigureAwait(false);
        if (!_queue.Writer.TryWrite((job.Id, work, describe)))
        {
            await store.UpdateJobAsync(job.Id, JobStatus.Failed, 0, "The job queue is full; try again later.", ct: CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        await store.AuditAsync(owner, "job-" + kind, target, null, null, job.Id, CancellationToken.None).ConfigureAwait(false);
        return job;
    }

    /// <summary>Cancels a queued or running job.</summary>
    public async Task<bool> CancelAsync(string id)
    {
        if (_running.TryGetValue(id, out var cts))
        {
            await cts.CancelAsync().ConfigureAwait(false);
            return true;
        }
        return await store.UpdateJobAsync(id, JobStatus.Cancelled, 0, "Cancelled before it started.").ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.JobWorkers)).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (id, work, describe) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunAsync(id, work, describe, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server stops; jobs still queued are marked failed at the next start.
        }
    }

    private async Task RunAsync(string id, JobWork work, Func<Exception, string> describe, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _running[id] = cts;
        try
        {
            if (!await store.UpdateJobAsync(id, JobStatus.Running, 0, ct: CancellationToken.None).ConfigureAwait(false))
            {
                return; // cancelled while queued
            }
            var staging = Directory.CreateDirectory(Path.Combine(options.DataDirectory, "jobs", ".staging-" + id)).FullName;
            var last = DateTime.MinValue;
            var progress = new Progress<double>(p =>
            {
                if ((DateTime.UtcNow - last).TotalMilliseconds > 250)
                {
                    last = DateTime.UtcNow;
                    _ = store.UpdateJobProgressAsync(id, Math.Clamp(p, 0, 1));
                }
            });
            try
            {
                var files = await Task.Run(() => work(new JobContext(staging, progress, cts.Token)), cts.Token).ConfigureAwait(false);
                cts.Token.ThrowIfCancellationRequested();
                var target = ResultDirectory(id);
                Directory.Move(staging, target);
                await store.UpdateJobAsync(id, JobStatus.Succeeded, 1, null, string.Join('\n', files), CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                await store.UpdateJobAsync(id, stoppingToken.IsCancellationRequested ? JobStatus.Failed : JobStatus.Cancelled, 0,
                    stoppingToken.IsCancellationRequested ? "The server stopped while the job was running." : "Cancelled; nothing was kept.", ct: CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Job {Id} failed", id);
                await store.UpdateJobAsync(id, JobStatus.Failed, 0, describe(e), ct: CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }
}
