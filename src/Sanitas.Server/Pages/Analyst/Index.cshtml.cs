using Microsoft.AspNetCore.Mvc.RazorPages;
using Sanitas.Privacy;
using Sanitas.Server.Apis;

namespace Sanitas.Server.Pages.Analyst;

/// <summary>The analyst's datasets, each with its budget meter.</summary>
internal sealed class IndexModel(DatasetService datasets) : PageModel
{
    public List<(DatasetView Dataset, BudgetStatement? Budget)> Datasets { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        foreach (var d in await datasets.Store.DatasetsAsync(ct))
        {
            var budget = await datasets.BudgetAsync(Caller.Name(User), d.Id, ct);
            Datasets.Add((DatasetView.Of(d, DatasetService.ParseMetadata(d.MetadataYaml, d.Id)), budget is null ? null : BudgetStatement.From(budget, d.Id)));
        }
    }
}
