using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanitas.Server.Auth;
using Sanitas.Server.Hosting;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Apis;

/// <summary>
/// The anonymization flow as resources (stewards only): project → data → hierarchies → roles and
/// privacy models (settings, or a configuration in YAML) → anonymize job → result and risk report.
/// </summary>
internal static class ProjectsApi
{
    public static void MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/projects").WithTags("Anonymization projects");
        api.MapGet("/", List).For(Roles.Steward).WithSummary("List anonymization projects.");
        api.MapPost("/", Create).For(Roles.Steward).ProducesProblem(400).WithSummary("Create a project.");
        api.MapGet("/{id}", Get).For(Roles.Steward).WithSummary("A project: data columns, hierarchies, settings, configuration.");
        api.MapPut("/{id}/data", SetData).For(Roles.Steward).DisableAntiforgery().ProducesProblem(400).WithSummary("Upload the project's data (multipart 'file', CSV).");
        api.MapPut("/{id}/hierarchies/{attribute}", SetHierarchy).For(Roles.Steward).DisableAntiforgery().ProducesProblem(400).WithSummary("Upload an attribute's generalization hierarchy (multipart 'file', ARX CSV with ';').");
        api.MapGet("/{id}/hierarchies/{attribute}", GetHierarchy).For(Roles.Steward).WithSummary("Preview an attribute's hierarchy.");
        api.MapPut("/{id}/settings", SetSettings).For(Roles.Steward).ProducesProblem(400).WithSummary("Set attribute roles, k, l, suppression and risk thresholds (written as the configuration).");
        api.MapPut("/{id}/config", SetConfig).For(Roles.Steward).ProducesProblem(400).WithSummary("Set the configuration as YAML (the format of 'sanitas anonymize --config').");
        api.MapPost("/{id}/anonymize", Anonymize).For(Roles.Steward).ProducesProblem(400).ProducesProblem(503).WithSummary("Start an anonymize job (result: anonymized.csv, report.json, risk.json, risk.html).");
        api.MapPost("/{id}/risk", Risk).For(Roles.Steward).ProducesProblem(400).ProducesProblem(503).WithSummary("Start a risk job on the project's raw data (risk.json, risk.html).");
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem($"No project '{id}'.", statusCode: 404, title: "Not found");

    private static async Task<Ok<ProjectView[]>> List(ProjectService projects, CancellationToken ct) =>
        TypedResults.Ok((await projects.Store.ProjectsAsync(ct).ConfigureAwait(false)).Select(projects.View).ToArray());

    private static async Task<Created<ProjectView>> Create(ProjectRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        var id = Names.Id(request.Id, "id");
        var p = await projects.CreateAsync(Caller.Name(user), id, request.Name ?? id, ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/projects/{id}", projects.View(p));
    }

    private static async Task<Results<Ok<ProjectView>, ProblemHttpResult>> Get(string id, ProjectService projects, CancellationToken ct) =>
        await projects.Store.ProjectAsync(id, ct).ConfigureAwait(false) is { } p ? TypedResults.Ok(projects.View(p)) : NotFound(id);

    private static async Task<Results<Ok<ProjectView>, ProblemHttpResult>> SetData(string id, IFormCollection form, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        if (await projects.Store.ProjectAsync(id, ct).ConfigureAwait(false) is not { } p)
        {
            return NotFound(id);
        }
        var file = form.Files.GetFile("file") ?? throw new ServerInputException("The form has no 'file' (the CSV).");
        await using var stream = file.OpenReadStream();
        return TypedResults.Ok(await projects.SetDataAsync(Caller.Name(user), p, stream, ct).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<HierarchyView>, ProblemHttpResult>> SetHierarchy(string id, string attribute, IFormCollection form, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        if (await projects.Store.ProjectAsync(id, ct).ConfigureAwait(false) is not { } p)
        {
            return NotFound(id);
        }
        var file = form.Files.GetFile("file") ?? throw new ServerInputException("The form has no 'file' (the hierarchy CSV).");
        await using var stream = file.OpenReadStream();
        return TypedResults.Ok(await projects.SetHierarchyAsync(Caller.Name(user), p, attribute, stream, ct).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<HierarchyView>, ProblemHttpResult>> GetHierarchy(string id, string attribute, ProjectService projects, CancellationToken ct) =>
        await projects.Store.ProjectAsync(id, ct).ConfigureAwait(false) is not { } p ? NotFound(id)
        : ProjectService.Hierarchy(p, attribute) is { } h ? TypedResults.Ok(h)
        : TypedResults.Problem($"Project '{id}' has no hierarchy for '{attribute}'.", statusCode: 404, title: "Not found");

    private static async Task<Results<Ok<ProjectView>, ProblemHttpResult>> SetSettings(string id, ProjectSettings settings, ClaimsPrincipal user, ProjectService projects, CancellationToken ct) =>
        await projects.Store.ProjectAsync(id, ct).ConfigureAwait(false) is not { } p ? NotFound(id)
        : TypedResults.Ok(await projects.SetSettingsAsync(Caller.Name(user), p, settings, ct).ConfigureAwait(false));

    private static async Task<Results<Ok<ProjectView>, ProblemHttpResult>> SetConfig(string id, ConfigRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken ct) =>
        await projects.Store.ProjectAsync(id, ct).ConfigureAwait(false) is not { } p ? NotFound(id)
        : TypedResults.Ok(await projects.SetConfigAsync(Caller.Name(user), p, request.Yaml ?? throw new ServerInputException("'yaml' is required."), ct).ConfigureAwait(false));

    private static async Task<Results<Accepted<JobView>, ProblemHttpResult>> Anonymize(string id, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        if (await projects.Store.ProjectAsync(id, ct).ConfigureAwait(false) is not { } p)
        {
            return NotFound(id);
        }
        var job = await projects.AnonymizeAsync(Caller.Name(user), p, ct).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobView.Of(job));
    }

    private static async Task<Results<Accepted<JobView>, ProblemHttpResult>> Risk(string id, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        if (await projects.Store.ProjectAsync(id, ct).ConfigureAwait(false) is not { } p)
        {
            return NotFound(id);
        }
        var job = await projects.RiskAsync(Caller.Name(user), p, ct).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobView.Of(job));
    }
}
