using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Server.Auth;
using Sanitas.Server.Hosting;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Apis;

/// <summary>
/// Datasets, DP queries and budgets. Analysts see metadata and DP releases charged to their own
/// budget; stewards register data, fix its metadata, grant budgets and preview raw rows.
/// </summary>
internal static class DatasetsApi
{
    public static void MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets");
        api.MapGet("/", List).For(Roles.AnalystOrSteward).WithSummary("List datasets with their DP metadata (never rows).");
        api.MapGet("/{id}", Get).For(Roles.AnalystOrSteward).WithSummary("A dataset's description and DP metadata.");
        api.MapPost("/", Upload).For(Roles.Steward).DisableAntiforgery().ProducesProblem(400)
            .WithSummary("Upload a CSV as a new dataset (multipart: id, name, description, table, file, metadata, trainingBounds?).");
        api.MapPost("/register", Register).For(Roles.Steward).ProducesProblem(400).WithSummary("Register an existing SQLite file or PostgreSQL database as a dataset.");
        api.MapPut("/{id}/metadata", SetMetadata).For(Roles.Steward).ProducesProblem(400).WithSummary("Replace the dataset's DP metadata (and training bounds).");
        api.MapGet("/{id}/rows", Rows).For(Roles.Steward).ProducesProblem(400).WithSummary("Raw rows of a table (preview, at most 1000).");
        api.MapPut("/{id}/budgets/{analyst}", SetBudget).For(Roles.Steward).ProducesProblem(400).WithSummary("Grant an analyst a total ε and δ on the dataset.");
        api.MapGet("/{id}/budgets/{analyst}", GetBudgetOf).For(Roles.Steward).WithSummary("An analyst's budget on the dataset.");
        api.MapGet("/{id}/budget", GetOwnBudget).For(Roles.Analyst).WithSummary("The calling analyst's own budget on the dataset.");
        api.MapPost("/{id}/queries", Query).For(Roles.Analyst).ProducesProblem(400).ProducesProblem(409)
            .WithSummary("Answer SQL with differential privacy, charged to the caller's budget first; with explain: true, the cost and accuracy only (nothing charged).");
        api.MapPost("/{id}/training", Train).For(Roles.Analyst).ProducesProblem(400).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Start a DP training job on the dataset's training table, charged to the caller's budget (result: model.json).");
        api.MapGet("/{id}/synthesis-config", GetSynthesisConfig).For(Roles.AnalystOrSteward).ProducesProblem(404)
            .WithSummary("The dataset's synthesis domain (SYNTH.yaml): public, declared by the steward.");
        api.MapPut("/{id}/synthesis-config", SetSynthesisConfig).For(Roles.Steward).ProducesProblem(400)
            .WithSummary("Set the synthesis domain (SYNTH.yaml) of the dataset's CSV table; checked against its header and privacy unit.");
        api.MapPost("/{id}/synthesis", Synthesize).For(Roles.Analyst).ProducesProblem(400).ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Start a DP synthetic-data job on the dataset's CSV table, charged to the caller's budget (result: synthetic.csv, privacy-log.json).");
        api.MapGet("/{id}/queries", History).For(Roles.Analyst).WithSummary("The calling analyst's charged releases on the dataset.");
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem($"No dataset '{id}'.", statusCode: 404, title: "Not found");

    private static async Task<Ok<DatasetView[]>> List(DatasetService datasets, CancellationToken ct) =>
        TypedResults.Ok((await datasets.Store.DatasetsAsync(ct).ConfigureAwait(false)).Select(d => DatasetView.Of(d, DatasetService.ParseMetadata(d.MetadataYaml, d.Id))).ToArray());

    private static async Task<Results<Ok<DatasetView>, ProblemHttpResult>> Get(string id, DatasetService datasets, CancellationToken ct) =>
        await datasets.FindAsync(id, ct).ConfigureAwait(false) is { } d ? TypedResults.Ok(DatasetView.Of(d.Record, d.Metadata)) : NotFound(id);

    private static async Task<Results<Created<DatasetView>, ProblemHttpResult>> Upload(ClaimsPrincipal user, IFormCollection form, DatasetService datasets, CancellationToken ct)
    {
        var file = form.Files.GetFile("file") ?? throw new ServerInputException("The form has no 'file' (the CSV).");
        string Field(string key) => form[key].FirstOrDefault() is { Length: > 0 } v ? v : throw new ServerInputException($"The form has no '{key}'.");
        var id = Names.Id(form["id"].FirstOrDefault(), "id");
        await using var stream = file.OpenReadStream();
        var record = await datasets.ImportCsvAsync(Caller.Name(user), id, form["name"].FirstOrDefault() ?? id, form["description"].FirstOrDefault() ?? "",
            Field("table"), stream, Field("metadata"), form["trainingBounds"].FirstOrDefault() is { Length: > 0 } b ? b : null, ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/datasets/{id}", DatasetView.Of(record, DatasetService.ParseMetadata(record.MetadataYaml, id)));
    }

    private static async Task<Created<DatasetView>> Register(ClaimsPrincipal user, RegisterDatasetRequest request, DatasetService datasets, CancellationToken ct)
    {
        var id = Names.Id(request.Id, "id");
        var record = new DatasetRecord(id, request.Name ?? id, request.Description ?? "",
            request.Database ?? throw new ServerInputException("'database' is required (a SQLite path or a PostgreSQL connection string)."),
            request.Metadata ?? throw new ServerInputException("'metadata' is required (the DP metadata YAML)."),
            request.TrainingCsv, request.TrainingBounds, Caller.Name(user), ServerStore.Now());
        await datasets.RegisterAsync(record, ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/datasets/{id}", DatasetView.Of(record, DatasetService.ParseMetadata(record.MetadataYaml, id)));
    }

    private static async Task<Results<Ok<DatasetView>, ProblemHttpResult>> SetMetadata(string id, ClaimsPrincipal user, MetadataRequest request, DatasetService datasets, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound(id);
        }
        var yaml = request.Metadata ?? throw new ServerInputException("'metadata' is required.");
        var metadata = DatasetService.CheckedMetadata(yaml, id);
        if (request.TrainingBounds is { } bounds)
        {
            Learning.LearningBounds.Parse(new StringReader(bounds), $"training bounds of '{id}'");
        }
        await datasets.Store.UpdateDatasetMetadataAsync(id, yaml, request.TrainingBounds, ct).ConfigureAwait(false);
        await datasets.Store.AuditAsync(Caller.Name(user), "metadata-set", id, null, null, "DP metadata replaced", CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Ok(DatasetView.Of(d.Record with { MetadataYaml = yaml }, metadata));
    }

    private static async Task<Results<Ok<RowsView>, ProblemHttpResult>> Rows(string id, string? table, int? limit, ClaimsPrincipal user, DatasetService datasets, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound(id);
        }
        var rows = await DatasetService.RowsAsync(d.Record, d.Metadata, table, limit ?? 20, ct).ConfigureAwait(false);
        await datasets.Store.AuditAsync(Caller.Name(user), "rows", id, null, null, $"{rows.Rows.Count} rows of {rows.Table}", CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<Ok<BudgetStatement>, ProblemHttpResult>> SetBudget(string id, string analyst, BudgetRequest request, ClaimsPrincipal user, DatasetService datasets, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is null)
        {
            return NotFound(id);
        }
        var budget = await datasets.SetBudgetAsync(Caller.Name(user), analyst, id,
            request.Epsilon ?? throw new ServerInputException("'epsilon' is required."), request.Delta ?? 0, ct).ConfigureAwait(false);
        return TypedResults.Ok(BudgetStatement.From(budget, id));
    }

    private static async Task<Results<Ok<BudgetStatement>, ProblemHttpResult>> GetBudgetOf(string id, string analyst, DatasetService datasets, CancellationToken ct) =>
        await datasets.FindAsync(id, ct).ConfigureAwait(false) is null ? NotFound(id)
        : await datasets.BudgetAsync(analyst, id, ct).ConfigureAwait(false) is { } b ? TypedResults.Ok(BudgetStatement.From(b, id))
        : TypedResults.Problem($"'{analyst}' has no budget on '{id}'.", statusCode: 404, title: "Not found");

    private static async Task<Results<Ok<BudgetStatement>, ProblemHttpResult>> GetOwnBudget(string id, ClaimsPrincipal user, DatasetService datasets, CancellationToken ct) =>
        await datasets.FindAsync(id, ct).ConfigureAwait(false) is null ? NotFound(id)
        : await datasets.BudgetAsync(Caller.Name(user), id, ct).ConfigureAwait(false) is { } b ? TypedResults.Ok(BudgetStatement.From(b, id))
        : TypedResults.Problem($"You have no budget on '{id}'; ask the data steward for one.", statusCode: 404, title: "No budget");

    private static async Task<Results<Ok<DpQueryAnswer>, Ok<DpQueryExplanation>, ProblemHttpResult>> Query(string id, [FromBody] QueryRequest request, ClaimsPrincipal user, DatasetService datasets, CancellationToken ct)
    {
        var sql = request.Sql is { Length: > 0 and <= 20_000 } s ? s : throw new ServerInputException("'sql' is required (at most 20,000 characters).");
        var cost = DatasetService.Cost(request.Epsilon, request.Delta);
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound(id);
        }
        if (request.Explain == true)
        {
            return TypedResults.Ok(await DatasetService.ExplainAsync(d.Record, d.Metadata, sql, cost, ct).ConfigureAwait(false));
        }
        var r = await datasets.QueryAsync(d.Record, d.Metadata, Caller.Name(user), sql, cost, ct).ConfigureAwait(false);
        return TypedResults.Ok(DpQueryAnswer.From(r));
    }

    private static async Task<Results<Accepted<Jobs.JobView>, ProblemHttpResult>> Train(string id, TrainingJobRequest request, ClaimsPrincipal user, DatasetService datasets, TrainingService training, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound(id);
        }
        var job = await training.StartAsync(Caller.Name(user), d.Record, request, ct).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", Jobs.JobView.Of(job));
    }

    private static async Task<Results<Ok<SynthesisConfigView>, ProblemHttpResult>> GetSynthesisConfig(string id, DatasetService datasets, CancellationToken ct) =>
        await datasets.FindAsync(id, ct).ConfigureAwait(false) is null ? NotFound(id)
        : await datasets.Store.SynthesisConfigAsync(id, ct).ConfigureAwait(false) is { } yaml ? TypedResults.Ok(new SynthesisConfigView(id, yaml))
        : TypedResults.Problem($"Dataset '{id}' has no synthesis config.", statusCode: 404, title: "Not found");

    private static async Task<Results<Ok<SynthesisConfigView>, ProblemHttpResult>> SetSynthesisConfig(string id, ClaimsPrincipal user, SynthesisConfigRequest request, DatasetService datasets, SynthesisService synthesis, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound(id);
        }
        var yaml = request.Config is { Length: > 0 and <= 200_000 } c ? c : throw new ServerInputException("'config' is required (the SYNTH.yaml text, at most 200,000 characters).");
        await synthesis.SetConfigAsync(Caller.Name(user), d.Record, yaml, ct).ConfigureAwait(false);
        return TypedResults.Ok(new SynthesisConfigView(id, yaml));
    }

    private static async Task<Results<Accepted<Jobs.JobView>, ProblemHttpResult>> Synthesize(string id, SynthesisJobRequest request, ClaimsPrincipal user, DatasetService datasets, SynthesisService synthesis, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct).ConfigureAwait(false) is not { } d)
        {
            return NotFound(id);
        }
        var job = await synthesis.StartAsync(Caller.Name(user), d.Record, request, ct).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", Jobs.JobView.Of(job));
    }

    private static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> History(string id, ClaimsPrincipal user, DatasetService datasets, CancellationToken ct) =>
        await datasets.FindAsync(id, ct).ConfigureAwait(false) is null ? NotFound(id) : TypedResults.Ok(await datasets.HistoryAsync(Caller.Name(user), id, ct).ConfigureAwait(false));
}
