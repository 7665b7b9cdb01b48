using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Server.Apis;
using Sanitas.Server.Hosting;

namespace Sanitas.Server.Pages.Analyst;

/// <summary>A dataset for an analyst: schema, budget meter, explain-then-run query form, results with intervals, a synthetic-data job, a synthetic-readings job, history.</summary>
internal sealed class DatasetModel(DatasetService datasets, SynthesisService synthesis) : PageModel
{
    public DatasetView? Dataset { get; private set; }
    public BudgetStatement? Budget { get; private set; }
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public string Sql { get; private set; } = "SELECT Arm, COUNT(*) FROM Patients GROUP BY Arm";
    public double Epsilon { get; private set; } = 0.1;
    public double Delta { get; private set; }
    public string? Error { get; private set; }
    public DpQueryExplanation? Explanation { get; private set; }
    public DpQueryResult? Result { get; private set; }
    public string? SynthesisConfig { get; private set; }
    public string? SynthesisError { get; private set; }
    public Storage.TimeSeriesConfigRecord? TimeSeries { get; private set; }
    public string? ReadingsError { get; private set; }
    public int ReadingsMaxPatients { get; private set; }

    public Task OnGetAsync(string id, CancellationToken ct) => LoadAsync(id, ct);

    public Task OnPostExplainAsync(string id, string? sql, string? epsilon, string? delta, CancellationToken ct) => AskAsync(id, sql, epsilon, delta, run: false, ct);

    public Task OnPostRunAsync(string id, string? sql, string? epsilon, string? delta, CancellationToken ct) => AskAsync(id, sql, epsilon, delta, run: true, ct);

    public Task<IActionResult> OnPostSynthesizeAsync(string id, string? mechanism, string? epsilon, string? delta, string? rows, CancellationToken ct) =>
        StartJobAsync(id, d => synthesis.StartAsync(Caller.Name(User), d, new SynthesisJobRequest(mechanism, Number(epsilon), Number(delta),
            string.IsNullOrWhiteSpace(rows) ? null : int.TryParse(rows, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1), ct),
            error => SynthesisError = error, ct);

    public Task<IActionResult> OnPostSynthesizeReadingsAsync(string id, string? epsilon, string? delta, string? patients,
        [FromServices] TimeSeriesSynthesisService timeSeries, CancellationToken ct) =>
        StartJobAsync(id, d => timeSeries.StartAsync(Caller.Name(User), d, new TimeSeriesSynthesisJobRequest(Number(epsilon), Number(delta),
            int.TryParse(patients, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null), ct),
            error => ReadingsError = error, ct);

    /// <summary>Starts a job on the dataset and opens its page; a refusal is shown on this page (nothing was charged).</summary>
    private async Task<IActionResult> StartJobAsync(string id, Func<Storage.DatasetRecord, Task<Storage.JobRecord>> start, Action<string> showError, CancellationToken ct)
    {
        try
        {
            if (await datasets.FindAsync(id, ct) is { } found)
            {
                var job = await start(found.Record);
                return RedirectToPage("/Jobs", new { id = job.Id });
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, title, detail) = ProblemMapper.Describe(e);
            showError(status >= 500 ? "The server failed to start the job; nothing was charged." : $"{title}: {detail}");
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private static double? Number(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    private async Task AskAsync(string id, string? sql, string? epsilon, string? delta, bool run, CancellationToken ct)
    {
        Sql = sql ?? "";
        try
        {
            var e = double.TryParse(epsilon, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ev) ? ev : (double?)null;
            var d = string.IsNullOrWhiteSpace(delta) ? 0 : double.TryParse(delta, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var dv) ? dv : double.NaN;
            Epsilon = e ?? 0;
            Delta = d;
            var cost = DatasetService.Cost(e, d);
            if (await datasets.FindAsync(id, ct) is { } found && Sql.Length > 0)
            {
                if (run)
                {
                    Result = await datasets.QueryAsync(found.Record, found.Metadata, Caller.Name(User), Sql, cost, ct);
                }
                else
                {
                    Explanation = await DatasetService.ExplainAsync(found.Record, found.Metadata, Sql, cost, ct);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, title, detail) = ProblemMapper.Describe(e);
            Error = status >= 500 ? "The server failed to answer; nothing was released." : $"{title}: {detail}";
        }
        await LoadAsync(id, ct);
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct) is not { } d)
        {
            Response.StatusCode = 404;
            return;
        }
        Dataset = DatasetView.Of(d.Record, d.Metadata);
        var budget = await datasets.BudgetAsync(Caller.Name(User), id, ct);
        Budget = budget is null ? null : BudgetStatement.From(budget, id);
        History = await datasets.HistoryAsync(Caller.Name(User), id, ct);
        SynthesisConfig = await datasets.Store.SynthesisConfigAsync(id, ct);
        TimeSeries = await datasets.Store.TimeSeriesConfigAsync(id, ct);
        if (TimeSeries is { } ts)
        {
            // The stored settings were checked when the steward set them; the limit is public.
            ReadingsMaxPatients = TimeSeriesSynthesisService.MaxPatients(Sanitas.Synthesis.TrialTimeSeriesConfig.Parse(new StringReader(ts.ConfigYaml), "settings"));
        }
    }
}
