using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sanitas.Server.Apis;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Pages;

/// <summary>The caller's jobs; one job's live status (refreshed while it runs), cancel, results and their summaries.</summary>
internal sealed class JobsModel(ServerStore store, JobQueue jobs) : PageModel
{
    public IReadOnlyList<JobRecord> Jobs { get; private set; } = [];
    public JobView? Job { get; private set; }
    public JsonElement? Report { get; private set; }
    public JsonElement? Risk { get; private set; }
    public JsonElement? PrivacyLog { get; private set; }
    public JsonElement? TimeSeriesLog { get; private set; }

    /// <summary>A steward's exact evaluation of a synthesis job (report.json of a <see cref="SynthesisEvaluationService.Kind"/> job).</summary>
    public JsonElement? Evaluation { get; private set; }

    /// <summary>For an evaluation: the evaluated job's analyst, whose privacy log (<see cref="PrivacyLog"/>) is shown beside it.</summary>
    public string? EvaluatedAnalyst { get; private set; }

    private async Task<JobRecord?> OwnAsync(string id, CancellationToken ct) =>
        await store.JobAsync(id, ct) is { } j && j.Owner == Caller.Name(User) ? j : null;

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken ct)
    {
        if (id is null)
        {
            Jobs = await store.JobsAsync(Caller.Name(User), ct);
            return Page();
        }
        if (await OwnAsync(id, ct) is not { } j)
        {
            return NotFound();
        }
        Job = JobView.Of(j);
        var evaluation = j.Kind == SynthesisEvaluationService.Kind;
        Report = evaluation ? null : Read(j, "report.json");
        Evaluation = evaluation ? Read(j, "report.json") : null;
        Risk = Read(j, "risk.json");
        PrivacyLog = Read(j, "privacy-log.json");
        // An evaluation shows what the analyst was given (DP) beside the exact numbers, so the steward can compare them.
        if (SynthesisEvaluationService.SynthesisJobOf(j) is { } evaluated && await store.JobAsync(evaluated, ct) is { } synthesis)
        {
            PrivacyLog = Read(synthesis, "privacy-log.json");
            EvaluatedAnalyst = synthesis.Owner;
        }
        if (j.Kind == TimeSeriesSynthesisService.JobKind)
        {
            // A synthetic-readings log has its own summary (per patient, no rows or cliques).
            (TimeSeriesLog, PrivacyLog) = (PrivacyLog, null);
        }
        return Page();
    }

    private JsonElement? Read(JobRecord j, string file)
    {
        var path = Path.Combine(jobs.ResultDirectory(j.Id), file);
        return JobView.Of(j).Files.Contains(file) && System.IO.File.Exists(path) ? JsonDocument.Parse(System.IO.File.ReadAllText(path)).RootElement.Clone() : null;
    }

    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken ct)
    {
        if (await OwnAsync(id, ct) is { Status: JobStatus.Queued or JobStatus.Running })
        {
            await jobs.CancelAsync(id);
            await store.AuditAsync(Caller.Name(User), "job-cancel", null, null, null, id, CancellationToken.None);
        }
        return Redirect($"/Jobs/{id}");
    }

    public async Task<IActionResult> OnGetFileAsync(string id, string name, CancellationToken ct)
    {
        if (await OwnAsync(id, ct) is not { Status: JobStatus.Succeeded } j || !JobView.Of(j).Files.Contains(name))
        {
            return NotFound();
        }
        await store.AuditAsync(Caller.Name(User), "download", j.Target, null, null, $"{id}/{name}", CancellationToken.None);
        var type = Path.GetExtension(name) switch { ".csv" => "text/csv", ".html" => "text/html", _ => "application/json" };
        return PhysicalFile(Path.Combine(jobs.ResultDirectory(id), name), type, name.EndsWith(".html", StringComparison.Ordinal) ? null : name);
    }
}
