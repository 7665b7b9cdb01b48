using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sanitas.Server.Apis;
using Sanitas.Server.Hosting;

namespace Sanitas.Server.Pages.Steward;

/// <summary>A dataset for its steward: raw preview, DP metadata, budget grants, the synthesis domain, analysts' synthesis jobs to evaluate,
/// the readings table and its time-series settings.</summary>
internal sealed class DatasetModel(DatasetService datasets, SynthesisService synthesis, SynthesisEvaluationService evaluations) : PageModel
{
    public string Id { get; private set; } = "";
    public RowsView? Rows { get; private set; }
    public string? Metadata { get; private set; }
    public string? SynthesisConfig { get; private set; }
    public bool HasCsv { get; private set; }
    public IReadOnlyList<SynthesisJobSummary> SynthesisJobs { get; private set; } = [];
    public IReadOnlyList<string> TwoCellColumns { get; private set; } = [];
    public string? ReadingsCsv { get; private set; }
    public string? TimeSeriesConfig { get; private set; }
    public string? TimeSeriesError { get; private set; }
    public string? TimeSeriesMessage { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(string id, CancellationToken ct)
    {
        Id = id;
        if (await datasets.FindAsync(id, ct) is not { } d)
        {
            Response.StatusCode = 404;
            return;
        }
        Metadata = d.Record.MetadataYaml;
        HasCsv = d.Record.TrainingCsv is not null;
        SynthesisConfig ??= await datasets.Store.SynthesisConfigAsync(id, ct);
        SynthesisJobs = await evaluations.JobsAsync(Caller.Name(User), id, ct);
        TwoCellColumns = TwoCells(await datasets.Store.SynthesisConfigAsync(id, ct), id);
        if (await datasets.Store.TimeSeriesConfigAsync(id, ct) is { } ts)
        {
            ReadingsCsv ??= ts.ReadingsCsv;
            TimeSeriesConfig ??= ts.ConfigYaml;
        }
        Rows = await DatasetService.RowsAsync(d.Record, d.Metadata, null, 10, ct);
    }

    public async Task OnPostMetadataAsync(string id, string? metadata, CancellationToken ct)
    {
        try
        {
            DatasetService.CheckedMetadata(metadata ?? "", id);
            await datasets.Store.UpdateDatasetMetadataAsync(id, metadata!, null, ct);
            await datasets.Store.AuditAsync(Caller.Name(User), "metadata-set", id, null, null, "DP metadata replaced", CancellationToken.None);
            Message = "Metadata saved.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, title, detail) = ProblemMapper.Describe(e);
            Error = status >= 500 ? "The metadata was not saved." : $"{title}: {detail}";
        }
        await OnGetAsync(id, ct);
    }

    public async Task OnPostSynthesisAsync(string id, string? config, CancellationToken ct)
    {
        try
        {
            if (await datasets.FindAsync(id, ct) is { } d)
            {
                var yaml = config is { Length: > 0 and <= 200_000 } c ? c : throw new ServerInputException("The synthesis domain is empty (or over 200,000 characters).");
                await synthesis.SetConfigAsync(Caller.Name(User), d.Record, yaml, ct);
                Message = "Synthesis domain saved.";
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, title, detail) = ProblemMapper.Describe(e);
            Error = status >= 500 ? "The synthesis domain was not saved." : $"{title}: {detail}";
            SynthesisConfig = config; // keep the steward's text to fix it
        }
        await OnGetAsync(id, ct);
    }

    /// <summary>Starts the exact evaluation of an analyst's synthesis job and opens its job page (the steward's own).</summary>
    public async Task<IActionResult> OnPostEvaluateAsync(string id, string? job, string? target, CancellationToken ct)
    {
        try
        {
            if (await datasets.FindAsync(id, ct) is { } d
                && await evaluations.StartAsync(Caller.Name(User), d.Record, job ?? "", new SynthesisEvaluationRequest(string.IsNullOrEmpty(target) ? null : target), ct) is { } started)
            {
                return Redirect($"/Jobs/{started.Id}");
            }
            Error = $"Dataset '{id}' has no synthesis job '{job}'.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, title, detail) = ProblemMapper.Describe(e);
            Error = status >= 500 ? "The evaluation was not started." : $"{title}: {detail}";
        }
        await OnGetAsync(id, ct);
        return Page();
    }

    private static IReadOnlyList<string> TwoCells(string? yaml, string id)
    {
        try
        {
            return yaml is null ? [] : [.. Sanitas.Synthesis.SynthesisConfig.Parse(new StringReader(yaml), $"synthesis config of '{id}'").Columns.Where(c => c.Size == 2).Select(c => c.Name)];
        }
        catch (Configuration.ConfigException)
        {
            return [];
        }
    }

    public async Task OnPostTimeSeriesAsync(string id, string? readingsCsv, string? config, [FromServices] TimeSeriesSynthesisService timeSeries, CancellationToken ct)
    {
        try
        {
            if (await datasets.FindAsync(id, ct) is { } d)
            {
                var yaml = config is { Length: > 0 and <= TimeSeriesApi.MaxConfigLength } c ? c : throw new ServerInputException("The time-series settings are empty (or over 200,000 characters).");
                await timeSeries.SetConfigAsync(Caller.Name(User), d.Record, readingsCsv, yaml, ct);
                TimeSeriesMessage = "Time-series settings saved.";
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, title, detail) = ProblemMapper.Describe(e);
            TimeSeriesError = status >= 500 ? "The time-series settings were not saved." : $"{title}: {detail}";
            // Keep the steward's text to fix it.
            (ReadingsCsv, TimeSeriesConfig) = (readingsCsv, config);
        }
        await OnGetAsync(id, ct);
    }

    public async Task OnPostBudgetAsync(string id, string? analyst, string? epsilon, string? delta, CancellationToken ct)
    {
        try
        {
            var e = double.Parse(epsilon ?? "", CultureInfo.InvariantCulture);
            var d = string.IsNullOrWhiteSpace(delta) ? 0 : double.Parse(delta, CultureInfo.InvariantCulture);
            var b = await datasets.SetBudgetAsync(Caller.Name(User), analyst ?? "", id, e, d, ct);
            Message = string.Create(CultureInfo.InvariantCulture, $"{b.Analyst}: ε {b.EpsilonTotal:G6} granted, {b.EpsilonSpent:G6} spent.");
        }
        catch (Exception e) when (e is ServerInputException or FormatException)
        {
            Error = e is FormatException ? "ε and δ must be numbers." : e.Message;
        }
        await OnGetAsync(id, ct);
    }
}
