using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanitas.Server.Auth;
using Sanitas.Server.Hosting;

namespace Sanitas.Server.Apis;

/// <summary>
/// Synthetic insole readings: the steward declares a dataset's readings table and its time-series
/// settings; an analyst starts a DP synthesis job on it, charged to their budget first. A separate
/// endpoint from <c>/synthesis</c>: another input (the readings, not the CSV table), another request
/// (patients, not rows or a mechanism) and another guarantee (per patient over all their readings).
/// </summary>
internal static class TimeSeriesApi
{
    /// <summary>The longest settings text accepted.</summary>
    public const int MaxConfigLength = 200_000;

    public static void MapTimeSeriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapGet("/{id}/timeseries-config", GetConfig).For(Roles.AnalystOrSteward).ProducesProblem(404)
            .WithSummary("The dataset's readings table and time-series settings (TRIAL-READINGS.yaml): public, declared by the steward.");
        api.MapPut("/{id}/timeseries-config", SetConfig).For(Roles.Steward).ProducesProblem(400)
            .WithSummary("Set the readings CSV and its time-series settings; checked against the CSV's header and the metadata's person before they are stored.");
        api.MapPost("/{id}/synthesis/timeseries", Synthesize).For(Roles.Analyst).ProducesProblem(400).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Start a DP synthetic-readings job (per patient), charged to the caller's budget before the readings are read (result: synthetic-readings.csv, privacy-log.json).");
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem($"No dataset '{id}'.", statusCode: 404, title: "Not found");

    private static async Task<Results<Ok<TimeSeriesConfigView>, ProblemHttpResult>> GetConfig(string id, DatasetService datasets, CancellationToken ct) =>
        await datasets.FindAsync(id, ct).ConfigureAwait(false) is null ? NotFound(id)
        : await datasets.Store.TimeSeriesConfigAsync(id, ct).ConfigureAwait(false) is { } c ? TypedResults.Ok(View(c))
        : TypedResults.Problem($"Dataset '{id}' has no time-series config.", statusCode: 404, title: "Not found");

    private static async Task<Results<Ok<TimeSeriesConfigView>, ProblemHttpResult>> SetConfig(string id, ClaimsPrincipal user, TimeSeriesConfigRequest request,
        DatasetService datasets, TimeSeriesSynthesisService timeSeries, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound(id);
        }
        var yaml = request.Config is { Length: > 0 and <= MaxConfigLength } c ? c
            : throw new ServerInputException($"'config' is required (the time-series settings' YAML, at most {MaxConfigLength:N0} characters).");
        return TypedResults.Ok(View(await timeSeries.SetConfigAsync(Caller.Name(user), d.Record, request.ReadingsCsv, yaml, ct).ConfigureAwait(false)));
    }

    private static async Task<Results<Accepted<Jobs.JobView>, ProblemHttpResult>> Synthesize(string id, TimeSeriesSynthesisJobRequest request, ClaimsPrincipal user,
        DatasetService datasets, TimeSeriesSynthesisService timeSeries, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound(id);
        }
        var job = await timeSeries.StartAsync(Caller.Name(user), d.Record, request, ct).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", Jobs.JobView.Of(job));
    }

    /// <summary>The public view: the CSV's file name, never its path on the server.</summary>
    private static TimeSeriesConfigView View(Storage.TimeSeriesConfigRecord c) => new(c.Dataset, Path.GetFileName(c.ReadingsCsv), c.ConfigYaml);
}
