using System.Globalization;

namespace Sanitas.Server.Hosting;

/// <summary>
/// The server's settings, read from the configuration section <c>Sanitas</c> (command line
/// <c>--Sanitas:DataDir=DIR</c>, environment <c>Sanitas__DataDir</c>, or appsettings.json).
/// </summary>
internal sealed record ServerOptions
{
    /// <summary>Where the store (SQLite), uploaded data, projects and job results live.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>A PostgreSQL connection string for the store, or null for <c>DIR/sanitas.db</c>.</summary>
    public string? Store { get; init; }

    /// <summary>Preload the demo: the trial dataset, the Adult project and three users with tokens.</summary>
    public bool Demo { get; init; }

    /// <summary>Patients in the demo trial (300 as the CLI's sample; tests use fewer).</summary>
    public int DemoPatients { get; init; } = 300;

    /// <summary>The largest request body (uploads), in bytes.</summary>
    public long MaxUploadBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Requests per minute per user (or per address when anonymous).</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary>Jobs waiting to run at most; more are refused with 503.</summary>
    public int JobQueueCapacity { get; init; } = 16;

    /// <summary>Jobs running at once.</summary>
    public int JobWorkers { get; init; } = 2;

    /// <summary>The longest a request may take before it is cancelled.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The first address the server listens on (for the demo's hints).</summary>
    public string PublicUrl { get; init; } = "http://localhost:5080";

    /// <summary>
    /// The folders whose files a steward may register by path (SQLite databases, CSV tables, readings): the data
    /// directory and those given as <c>Sanitas:DataRoots</c> (separated by <c>;</c>). Anything else on the server's
    /// disk is refused, so that a steward cannot point the server at its own files (a refused header check would
    /// echo a file's first line).
    /// </summary>
    public IReadOnlyList<string> DataRoots { get; init; } = [];

    /// <summary>
    /// The full path of a file a steward names, after checking that it lies under one of <see cref="DataRoots"/>
    /// (symbolic links resolved, <c>..</c> collapsed); otherwise a <see cref="ServerInputException"/> naming the roots.
    /// </summary>
    public string Registrable(string path, string what)
    {
        var roots = DataRoots.Count == 0 ? [DataDirectory] : DataRoots;
        bool inside;
        try
        {
            var real = RealPath(path);
            inside = roots.Any(root => real.StartsWith(Path.TrimEndingDirectorySeparator(RealPath(root)) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            inside = false; // a link loop
        }
        return inside ? Path.GetFullPath(path) : throw new ServerInputException(
            $"{what} '{path}' is not under a folder this server registers files from ({string.Join("; ", roots)}); the operator adds folders with Sanitas:DataRoots.");
    }

    /// <summary>The absolute path with every symbolic link on the way resolved (a missing tail is kept as written).</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full) ?? "/";
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = info.Exists && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? RealPath(target.FullName) : next;
        }
        return current;
    }

    /// <summary>The store's database: the PostgreSQL connection string, or the SQLite file in the data directory.</summary>
    public string StoreDatabase => Store ?? Path.Combine(DataDirectory, "sanitas.db");

    public static ServerOptions From(IConfiguration configuration)
    {
        var s = configuration.GetSection("Sanitas");
        int Int(string key, int fallback) => int.TryParse(s[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
        var dir = Path.GetFullPath(s["DataDir"] is { Length: > 0 } d ? d : Path.Combine(Environment.CurrentDirectory, "sanitas-data"));
        return new ServerOptions
        {
            DataDirectory = dir,
            DataRoots = [dir, .. (s["DataRoots"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath)],
            Store = s["Store"] is { Length: > 0 } store ? store : null,
            PublicUrl = configuration["urls"]?.Split(';')[0].Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("127.0.0.1", "localhost", StringComparison.Ordinal) ?? "http://localhost:5080",
            Demo = bool.TryParse(s["Demo"], out var demo) && demo,
            DemoPatients = Int("DemoPatients", 300),
            MaxUploadBytes = long.TryParse(s["MaxUploadBytes"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) ? max : 64L * 1024 * 1024,
            RequestsPerMinute = Int("RequestsPerMinute", 600),
            JobQueueCapacity = Int("JobQueueCapacity", 16),
            JobWorkers = Int("JobWorkers", 2),
            RequestTimeout = TimeSpan.FromSeconds(Int("RequestTimeoutSeconds", 120)),
        };
    }
}
