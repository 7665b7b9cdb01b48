using Sanitas.Server.Storage;

namespace Sanitas.Server.Jobs;

/// <summary>A job as the API shows it: status, progress, error and where its results are.</summary>
internal sealed record JobView(string Id, string Kind, string Target, string Status, double Progress, string? Error, string? ResultUrl,
    IReadOnlyList<string> Files, string CreatedAt, string? FinishedAt)
{
    public static JobView Of(JobRecord j)
    {
        var files = j.Status == JobStatus.Succeeded && j.ResultFiles is { Length: > 0 } f ? f.Split('\n') : [];
        return new(j.Id, j.Kind, j.Target, j.Status, j.Progress, j.Error, files.Length > 0 ? $"/api/jobs/{j.Id}/files/{files[0]}" : null, files, j.CreatedAt, j.FinishedAt);
    }
}
