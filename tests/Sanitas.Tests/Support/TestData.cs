namespace Sanitas.Tests.Support;

/// <summary>Locates the repository and the shared data sets from a test run.</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>ARX's data and hierarchies as copied into the Adult sample.</summary>
    public static string Adult(string file) => Path.Combine(RepositoryRoot, "samples", "adult", file);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sanitas.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Sanitas.sln not found above " + AppContext.BaseDirectory);
    }
}
