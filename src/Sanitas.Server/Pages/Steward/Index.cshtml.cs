using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sanitas.Server.Apis;
using Sanitas.Server.Hosting;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Pages.Steward;

/// <summary>The steward's start: projects (and creating one) and datasets.</summary>
internal sealed class IndexModel(ProjectService projects) : PageModel
{
    public IReadOnlyList<ProjectRecord> Projects { get; private set; } = [];
    public IReadOnlyList<DatasetRecord> Datasets { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Projects = await projects.Store.ProjectsAsync(ct);
        Datasets = await projects.Store.DatasetsAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateProjectAsync(string? id, string? name, CancellationToken ct)
    {
        try
        {
            var p = await projects.CreateAsync(Caller.Name(User), Names.Id(id, "id"), string.IsNullOrWhiteSpace(name) ? id! : name, ct);
            return Redirect($"/Steward/Project/{p.Id}");
        }
        catch (ServerInputException e)
        {
            Error = e.Message;
            await OnGetAsync(ct);
            return Page();
        }
    }
}
