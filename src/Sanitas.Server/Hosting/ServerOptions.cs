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

    /// <summary>The store's database: the PostgreSQL connection string, or the SQLite file in the data directory.</summary>
    public string StoreDatabase => Store ?? Path.Combine(DataDirectory, "sanitas.db");

    public static ServerOptions From(IConfiguration configuration)
    {
        var s = configuration.GetSection("Sanitas");
        int Int(string key, int fallback) => int.TryParse(s[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
        var dir = s["DataDir"] is { Length: > 0 } d ? d : Path.Combine(Environment.CurrentDirectory, "sanitas-data");
        return new ServerOptions
        {
            DataDirectory = Path.GetFullPath(dir),
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
