using System.Globalization;
using System.Text.Json;
using Sanitas.Data;
using Sanitas.Server.Hosting;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;
using Sanitas.Synthesis;

namespace Sanitas.Server.Apis;

/// <summary>
/// The steward's exact evaluation of an analyst's synthesis job, as <c>sanitas synth evaluate</c> computes it: the
/// job's synthetic table against the dataset's CSV table on the domain the job used (marginal TVD, associations,
/// pMSE, train-on-synthetic-test-on-real). It compares with the real rows without noise, so it is the data owner's:
/// the job is the steward's (owner), its results (report.json, report.html) and its errors are served only to them,
/// and nothing is written into the analyst's job. The analyst's DP view of fidelity is the privacy log's
/// <c>fidelity</c> (against the released measurements), which costs nothing more.
/// </summary>
internal sealed class SynthesisEvaluationService(ServerStore store, JobQueue jobs)
{
    /// <summary>The job kind of an evaluation.</summary>
    public const string Kind = "synth-evaluation";

    /// <summary>The result files, in the order the job lists them.</summary>
    public static readonly IReadOnlyList<string> Files = ["report.json", "report.html"];

    /// <summary>The dataset's synthesis jobs (every analyst's), newest first, each with the caller's evaluations of it.</summary>
    public async Task<IReadOnlyList<SynthesisJobSummary>> JobsAsync(string steward, string dataset, CancellationToken ct)
    {
        var evaluations = (await store.JobsOnAsync(dataset, Kind, ct).ConfigureAwait(false))
            .Where(j => j.Owner == steward)
            .Select(j => (Of: Read<EvaluationParameters>(j.Parameters)?.SynthesisJob, View: JobView.Of(j)))
            .ToList();
        return
        [
            .. (await store.JobsOnAsync(dataset, "synth", ct).ConfigureAwait(false)).Select(j =>
            {
                var r = Read<SynthesisJobRequest>(j.Parameters);
                return new SynthesisJobSummary(j.Id, j.Owner, j.Status, r?.Mechanism, r?.Epsilon, r?.Delta, r?.Rows, j.CreatedAt, j.FinishedAt,
                    [.. evaluations.Where(e => e.Of == j.Id).Select(e => e.View)]);
            }),
        ];
    }

    /// <summary>
    /// Starts the evaluation of synthesis job <paramref name="synthesisJobId"/> on <paramref name="d"/>; null when the
    /// dataset has no such job. Every check (the job succeeded, its files and domain exist, the target is a two-cell
    /// column, the CSV has the domain's columns) runs here, so a bad request is a 400 before anything is queued.
    /// </summary>
    public async Task<JobRecord?> StartAsync(string steward, DatasetRecord d, string synthesisJobId, SynthesisEvaluationRequest request, CancellationToken ct)
    {
        if (await store.JobAsync(synthesisJobId, ct).ConfigureAwait(false) is not { Kind: "synth" } job || job.Target != d.Id)
        {
            return null;
        }
        if (job.Status != JobStatus.Succeeded || !JobView.Of(job).Files.Contains("synthetic.csv"))
        {
            throw new ServerInputException($"Synthesis job '{job.Id}' is {job.Status}: only a succeeded job's synthetic table can be evaluated.");
        }
        var real = d.TrainingCsv ?? throw new ServerInputException($"Dataset '{d.Id}' has no CSV table to compare with.");
        var folder = jobs.ResultDirectory(job.Id);
        var synthetic = Path.Combine(folder, "synthetic.csv");
        // The domain the job synthesized on (the steward may have changed the dataset's since); older jobs: the current one.
        var usedConfig = Path.Combine(folder, "synthesis-config.yaml");
        var yaml = File.Exists(usedConfig) ? await File.ReadAllTextAsync(usedConfig, ct).ConfigureAwait(false)
            : await store.SynthesisConfigAsync(d.Id, ct).ConfigureAwait(false) ?? throw new ServerInputException($"Dataset '{d.Id}' has no synthesis config to evaluate on.");
        var config = SynthesisConfig.Parse(new StringReader(yaml), $"synthesis config of job '{job.Id}'");
        if (request.Target is { } target)
        {
            var binary = config.Columns.Where(c => c.Size == 2).Select(c => c.Name).ToList();
            if (!binary.Contains(target))
            {
                throw new ServerInputException($"'target' must be a column of the domain with two cells ({(binary.Count == 0 ? "the domain has none" : string.Join(", ", binary))}), got '{target}'.");
            }
        }
        config.CheckColumns(await CsvReader.ReadHeaderAsync(real, ct).ConfigureAwait(false), Path.GetFileName(real));
        var synthesis = Read<SynthesisJobRequest>(job.Parameters);
        var parameters = JsonSerializer.Serialize(new EvaluationParameters(job.Id, request.Target));
        var started = await jobs.EnqueueAsync(Kind, steward, d.Id, parameters, async context =>
        {
            context.Progress.Report(0.05);
            var realTable = await CsvReader.ReadAsync(real, null, context.Cancellation).ConfigureAwait(false);
            var syntheticTable = await CsvReader.ReadAsync(synthetic, null, context.Cancellation).ConfigureAwait(false);
            context.Progress.Report(0.2);
            var evaluation = SyntheticDataEvaluator.Evaluate(realTable, syntheticTable, config, request.Target, ct: context.Cancellation);
            context.Progress.Report(0.95);
            await SynthesisReports.WriteAtomicallyAsync(Path.Combine(context.Staging, Files[0]), w => w.WriteAsync(SynthesisReports.EvaluationJson(evaluation))).ConfigureAwait(false);
            await SynthesisReports.WriteAtomicallyAsync(Path.Combine(context.Staging, Files[1]), w => w.WriteAsync(SynthesisReports.EvaluationHtml(evaluation))).ConfigureAwait(false);
            return Files;
        }, Describe, ct).ConfigureAwait(false) ?? throw new QueueFullException();
        await store.AuditAsync(steward, "synthesis-evaluate", d.Id, null, null, string.Create(CultureInfo.InvariantCulture,
            $"exact evaluation {started.Id} of {job.Owner}'s synthesis job {job.Id} ({synthesis?.Mechanism}, ε = {synthesis?.Epsilon:G6}){(request.Target is null ? "" : $", target {request.Target}")}"),
            CancellationToken.None).ConfigureAwait(false);
        return started;
    }

    /// <summary>
    /// An evaluation's error is served to the steward who started it, who holds the raw data anyway: the library's own
    /// message for bad input (a malformed CSV line names its place), a fixed text for anything unexpected (logged).
    /// </summary>
    private static string Describe(Exception e) => e is SanitasException ? e.Message : "The evaluation failed; the error was logged on the server.";

    /// <summary>The synthesis job an evaluation job evaluates, or null for another kind of job.</summary>
    public static string? SynthesisJobOf(JobRecord evaluation) =>
        evaluation.Kind == Kind ? Read<EvaluationParameters>(evaluation.Parameters)?.SynthesisJob : null;

    private static T? Read<T>(string json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What an evaluation job evaluates (stored as the job's parameters).</summary>
    private sealed record EvaluationParameters(string SynthesisJob, string? Target);
}
