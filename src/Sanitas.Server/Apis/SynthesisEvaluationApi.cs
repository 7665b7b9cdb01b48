using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanitas.Server.Auth;

namespace Sanitas.Server.Apis;

/// <summary>
/// The steward's exact evaluation of analysts' synthesis jobs: the dataset's synthesis jobs, and an evaluation job
/// (<see cref="SynthesisEvaluationService"/>) whose report is the steward's alone (read it through <c>/api/jobs</c>).
/// </summary>
internal static class SynthesisEvaluationApi
{
    public static void MapSynthesisEvaluationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapGet("/{id}/synthesis-jobs", List).For(Roles.Steward).ProducesProblem(404)
            .WithSummary("Every analyst's synthesis jobs on the dataset, newest first, with the caller's exact evaluations of each.");
        api.MapPost("/{id}/synthesis-jobs/{jobId}/evaluation", Evaluate).For(Roles.Steward).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503)
            .WithSummary("Start the exact evaluation of a synthesis job against the dataset's CSV (as `sanitas synth evaluate`; not DP, the steward's only; results: report.json, report.html).");
    }

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: 404, title: "Not found");

    private static async Task<Results<Ok<IReadOnlyList<SynthesisJobSummary>>, ProblemHttpResult>> List(string id, ClaimsPrincipal user, DatasetService datasets,
        SynthesisEvaluationService evaluations, CancellationToken ct) =>
        await datasets.FindAsync(id, ct).ConfigureAwait(false) is null ? NotFound($"No dataset '{id}'.")
        : TypedResults.Ok(await evaluations.JobsAsync(Caller.Name(user), id, ct).ConfigureAwait(false));

    private static async Task<Results<Accepted<Jobs.JobView>, ProblemHttpResult>> Evaluate(string id, string jobId, SynthesisEvaluationRequest? request, ClaimsPrincipal user,
        DatasetService datasets, SynthesisEvaluationService evaluations, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound($"No dataset '{id}'.");
        }
        var job = await evaluations.StartAsync(Caller.Name(user), d.Record, jobId, request ?? new SynthesisEvaluationRequest(null), ct).ConfigureAwait(false);
        return job is null ? NotFound($"Dataset '{id}' has no synthesis job '{jobId}'.") : TypedResults.Accepted($"/api/jobs/{job.Id}", Jobs.JobView.Of(job));
    }
}
