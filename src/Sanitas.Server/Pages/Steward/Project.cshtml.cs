using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sanitas.Server.Apis;
using Sanitas.Server.Hosting;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Pages.Steward;

/// <summary>The anonymization flow on one page, step by step: data, hierarchies (with previews), roles and model, run.</summary>
internal sealed class ProjectModel(ProjectService projects) : PageModel
{
    public ProjectView? Project { get; private set; }
    public Dictionary<string, HierarchyView> Hierarchies { get; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    private ProjectRecord? _record;

    public async Task OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct);

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        _record = await projects.Store.ProjectAsync(id, ct);
        if (_record is null)
        {
            Response.StatusCode = 404;
            return false;
        }
        Project = projects.View(_record);
        foreach (var c in Project.Columns)
        {
            try
            {
                if (ProjectService.Hierarchy(_record, c) is { } h)
                {
                    Hierarchies[c] = h;
                }
            }
            catch (ServerInputException)
            {
                // A column name that cannot be a file name has no hierarchy.
            }
        }
        return true;
    }

    private async Task<IActionResult> DoAsync(string id, Func<ProjectRecord, Task<string>> action, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return Page();
        }
        try
        {
            var result = await action(_record!);
            if (result.StartsWith('/'))
            {
                return Redirect(result);
            }
            Message = result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, title, detail) = ProblemMapper.Describe(e);
            Error = status >= 500 ? "The server failed; nothing was changed." : $"{title}: {detail}";
        }
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostDataAsync(string id, IFormFile? file, CancellationToken ct) => DoAsync(id, async p =>
    {
        await using var stream = (file ?? throw new ServerInputException("Choose a CSV file.")).OpenReadStream();
        var view = await projects.SetDataAsync(Caller.Name(User), p, stream, ct);
        return $"Data stored: {view.Rows} rows.";
    }, ct);

    public Task<IActionResult> OnPostHierarchyAsync(string id, string? attribute, IFormFile? file, CancellationToken ct) => DoAsync(id, async p =>
    {
        await using var stream = (file ?? throw new ServerInputException("Choose a hierarchy CSV file.")).OpenReadStream();
        var h = await projects.SetHierarchyAsync(Caller.Name(User), p, attribute ?? "", stream, ct);
        return $"Hierarchy of {h.Attribute} stored: {h.Levels} levels.";
    }, ct);

    public Task<IActionResult> OnPostSettingsAsync(string id, CancellationToken ct) => DoAsync(id, async p =>
    {
        var roles = Project!.Columns.ToDictionary(c => c, c => Request.Form["role_" + c].FirstOrDefault() ?? "insensitive");
        int? Int(string key) => int.TryParse(Request.Form[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        double? Real(string key) => double.TryParse(Request.Form[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        var settings = new ProjectSettings(roles, Int("k"), Int("l"), Real("suppression"), Real("maxRisk"), null);
        await projects.SetSettingsAsync(Caller.Name(User), p, settings, ct);
        return "Settings saved; the configuration below is what the anonymizer reads.";
    }, ct);

    public Task<IActionResult> OnPostAnonymizeAsync(string id, CancellationToken ct) => DoAsync(id, async p => $"/Jobs/{(await projects.AnonymizeAsync(Caller.Name(User), p, ct)).Id}", ct);

    public Task<IActionResult> OnPostRiskAsync(string id, CancellationToken ct) => DoAsync(id, async p => $"/Jobs/{(await projects.RiskAsync(Caller.Name(User), p, ct)).Id}", ct);
}
