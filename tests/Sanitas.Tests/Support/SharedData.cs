namespace Sanitas.Tests.Support;

/// <summary>
/// Finds the public data sets copied into the repository (<c>samples/public</c>, with their provenance and
/// licences; ARX's Adult files live in <c>samples/adult</c>). Nothing outside the repository is read.
/// </summary>
internal static class SharedData
{
    /// <summary>The path of a public data file, e.g. <c>arx/adult.csv</c> or <c>mlbench_PimaIndiansDiabetes.csv</c>.</summary>
    public static string File(string relativePath)
    {
        var root = TestData.RepositoryRoot;
        var candidates = new List<string> { Path.Combine(root, "samples", "public", relativePath), Path.Combine(root, "samples", relativePath) };
        if (relativePath.StartsWith("arx/", StringComparison.Ordinal))
        {
            candidates.Add(Path.Combine(root, "samples", "adult", relativePath["arx/".Length..]));
        }
        foreach (var candidate in candidates)
        {
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"Sample data '{relativePath}' not found in samples/public, samples/ or samples/adult under {root}.");
    }
}
