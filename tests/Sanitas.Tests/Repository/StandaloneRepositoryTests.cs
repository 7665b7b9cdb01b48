
namespace Sanitas.Tests.Repository;

/// <summary>The repository stands alone: nothing under src/, tests/, docs/, samples/, scripts/ or bench/ reads the development machines' sibling data folder.</summary>
public sealed class StandaloneRepositoryTests
{
    // Built from parts so that this file does not match itself.
    private static readonly string[] Forbidden = [".." + "/shared", ".." + "\\shared", "\"" + "shared" + "\", \"data\""];

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".md", ".yaml", ".yml", ".sh", ".json", ".csproj", ".props", ".txt", ".html", ".js", ".css", ".cshtml",
    };

    [Fact]
    public void NoFileRefersToTheSiblingSharedFolder()
    {
        var offenders = new List<string>();
        foreach (var top in new[] { "src", "tests", "docs", "samples", "scripts", "bench", ".ci" })
        {
            var folder = Path.Combine(TestData.RepositoryRoot, top);
            if (!Directory.Exists(folder))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(TestData.RepositoryRoot, file);
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                    || relative.Contains("BenchmarkDotNet.Artifacts", StringComparison.Ordinal)
                    || (!TextExtensions.Contains(Path.GetExtension(file)) && Path.GetFileName(Path.GetDirectoryName(file)) != ".ci"))
                {
                    continue;
                }
                var text = File.ReadAllText(file);
                if (Forbidden.Any(f => text.Contains(f, StringComparison.Ordinal)))
                {
                    offenders.Add(relative);
                }
            }
        }
        Assert.True(offenders.Count == 0, "These files refer to the sibling shared folder: " + string.Join(", ", offenders));
    }

    [Fact]
    public void EveryPublicDataSetHasItsProvenanceAndLicences()
    {
        var folder = Path.Combine(TestData.RepositoryRoot, "samples", "public");
        var provenance = File.ReadAllText(Path.Combine(folder, "PROVENANCE.md"));
        foreach (var csv in Directory.EnumerateFiles(folder, "*.csv", SearchOption.TopDirectoryOnly))
        {
            Assert.Contains("### " + Path.GetFileName(csv), provenance, StringComparison.Ordinal);
        }
        Assert.True(Directory.EnumerateFiles(Path.Combine(folder, "licenses")).Count() >= 5);
    }
}
