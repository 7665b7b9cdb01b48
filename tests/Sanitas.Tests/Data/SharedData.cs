namespace Sanitas.Tests.Data;

/// <summary>Finds the project's sample data: the repo's <c>samples/</c> folder or the sibling <c>shared/data</c>.</summary>
internal static class SharedData
{
    /// <summary>The path of a file under <c>shared/data</c>, e.g. <c>arx/adult.csv</c>.</summary>
    public static string File(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[]
            {
                Path.Combine(dir.FullName, "shared", "data", relativePath),
                Path.Combine(dir.FullName, "samples", relativePath),
            })
            {
                if (System.IO.File.Exists(candidate))
                {
                    return candidate;
                }
            }
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Sanitas.sln")))
            {
                // The repo root: shared data lives in its sibling folder.
                var sibling = Path.Combine(dir.FullName, "..", "shared", "data", relativePath);
                if (System.IO.File.Exists(sibling))
                {
                    return Path.GetFullPath(sibling);
                }
            }
        }
        throw new FileNotFoundException($"Sample data '{relativePath}' not found above {AppContext.BaseDirectory} (looked for shared/data and samples/).");
    }
}
