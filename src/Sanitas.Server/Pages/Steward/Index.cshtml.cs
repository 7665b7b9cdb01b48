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

    public async Task<IActionResult> OnPostUploadAsync(string? id, string? name, string? table, string? metadata, string? description, IFormFile? file, [FromServices] DatasetService datasets, CancellationToken ct)
    {
        try
        {
            if (file is null || string.IsNullOrWhiteSpace(table) || string.IsNullOrWhiteSpace(metadata))
            {
                throw new ServerInputException("Give the table's name, the CSV file and its DP metadata.");
            }
            await using var stream = file.OpenReadStream();
            var d = await datasets.ImportCsvAsync(Caller.Name(User), Names.Id(id, "id"), string.IsNullOrWhiteSpace(name) ? id! : name, description ?? "", table, stream, metadata, null, ct);
            return Redirect($"/Steward/Dataset/{d.Id}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, title, detail) = ProblemMapper.Describe(e);
            Error = status >= 500 ? "The upload failed; nothing was stored." : $"{title}: {detail}";
            await OnGetAsync(ct);
            return Page();
        }
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
