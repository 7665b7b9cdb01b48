namespace Sanitas.Cli.Demo;

/// <summary>Finds the bundled <c>samples</c> folder: next to the executable, or in a folder above it (a source checkout).</summary>
internal static class Samples
{
    private const string Marker = "adult/adult.csv";

    /// <exception cref="DirectoryNotFoundException">No samples folder is found.</exception>
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var samples = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(samples, Marker)))
            {
                return samples;
            }
        }
        throw new DirectoryNotFoundException($"No samples folder with {Marker} next to or above {AppContext.BaseDirectory}; reinstall sanitas or run it from a source checkout.");
    }
}
