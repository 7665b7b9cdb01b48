using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanitas.Server.Auth;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Apis;

/// <summary>Jobs: status and progress, cancel, result files. A user sees only their own jobs.</summary>
internal static class JobsApi
{
    public static void MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/jobs").WithTags("Jobs");
        api.MapGet("/", List).For(Roles.AnyUser).WithSummary("The caller's jobs, newest first.");
        api.MapGet("/{jobId}", Get).For(Roles.AnyUser).WithSummary("A job's status (queued, running, succeeded, failed, cancelled), progress 0..1, error and result.");
        api.MapDelete("/{jobId}", Cancel).For(Roles.AnyUser).WithSummary("Cancel a queued or running job.");
        api.MapGet("/{jobId}/files/{file}", Download).For(Roles.AnyUser).WithSummary("Download a result file of a succeeded job.");
    }

    private static async Task<JobRecord?> OwnAsync(string jobId, ClaimsPrincipal user, ServerStore store, CancellationToken ct) =>
        await store.JobAsync(jobId, ct).ConfigureAwait(false) is { } j && j.Owner == Caller.Name(user) ? j : null;

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem($"No job '{id}' of yours.", statusCode: 404, title: "Not found");

    private static async Task<Ok<JobView[]>> List(ClaimsPrincipal user, ServerStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.JobsAsync(Caller.Name(user), ct).ConfigureAwait(false)).Select(JobView.Of).ToArray());

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Get(string jobId, ClaimsPrincipal user, ServerStore store, CancellationToken ct) =>
        await OwnAsync(jobId, user, store, ct).ConfigureAwait(false) is { } j ? TypedResults.Ok(JobView.Of(j)) : NotFound(jobId);

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> Cancel(string jobId, ClaimsPrincipal user, ServerStore store, JobQueue jobs, CancellationToken ct)
    {
        if (await OwnAsync(jobId, user, store, ct).ConfigureAwait(false) is not { } j)
        {
            return NotFound(jobId);
        }
        if (j.Status is JobStatus.Queued or JobStatus.Running)
        {
            await jobs.CancelAsync(jobId).ConfigureAwait(false);
            await store.AuditAsync(Caller.Name(user), "job-cancel", j.Target, null, null, jobId, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < 50 && (await store.JobAsync(jobId, ct).ConfigureAwait(false))!.Status is JobStatus.Running; i++)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
        return TypedResults.Ok(JobView.Of((await store.JobAsync(jobId, ct).ConfigureAwait(false))!));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Download(string jobId, string file, ClaimsPrincipal user, ServerStore store, JobQueue jobs, CancellationToken ct)
    {
        if (await OwnAsync(jobId, user, store, ct).ConfigureAwait(false) is not { Status: JobStatus.Succeeded } j || JobView.Of(j).Files is not { } files || !files.Contains(file))
        {
            return TypedResults.Problem($"Job '{jobId}' of yours has no result file '{file}'.", statusCode: 404, title: "Not found");
        }
        await store.AuditAsync(Caller.Name(user), "download", j.Target, null, null, $"{jobId}/{file}", CancellationToken.None).ConfigureAwait(false);
        var type = Path.GetExtension(file) switch { ".csv" => "text/csv", ".html" => "text/html", _ => "application/json" };
        return TypedResults.PhysicalFile(Path.Combine(jobs.ResultDirectory(jobId), file), type, file);
    }
}
