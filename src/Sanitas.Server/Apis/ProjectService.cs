using System.Globalization;
using System.Text;
using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Risk;
using Sanitas.Server.Hosting;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;
using Sanitas.Workflows;

namespace Sanitas.Server.Apis;

/// <summary>
/// Anonymization projects as folders (data.csv, config.yaml, hierarchy CSVs), and the anonymize and
/// risk jobs that call the library exactly as <c>sanitas anonymize</c> and <c>sanitas risk</c> do.
/// </summary>
internal sealed class ProjectService(ServerStore store, ServerOptions options, JobQueue jobs)
{
    public const string DataFile = "data.csv";
    public const string ConfigFile = "config.yaml";

    public ServerStore Store => store;

    public async Task<ProjectRecord> CreateAsync(string steward, string id, string name, CancellationToken ct)
    {
        Names.Id(id, "id");
        var dir = Path.Combine(options.DataDirectory, "projects", id);
        var project = new ProjectRecord(id, name, dir, steward, ServerStore.Now());
        if (!await store.AddProjectAsync(project, ct).ConfigureAwait(false))
        {
            throw new ServerInputException($"A project '{id}' exists already.");
        }
        Directory.CreateDirectory(dir);
        await store.AuditAsync(steward, "project-create", id, null, null, name, CancellationToken.None).ConfigureAwait(false);
        return project;
    }

    public ProjectView View(ProjectRecord p)
    {
        var data = Path.Combine(p.Directory, DataFile);
        IReadOnlyList<string> columns = [];
        int? rows = null;
        if (File.Exists(data))
        {
            var table = CsvReader.Read(data, new CsvOptions { Delimiter = Delimiter(data) });
            columns = [.. table.Columns.Select(c => c.Name)];
            rows = table.RowCount;
        }
        var config = Path.Combine(p.Directory, ConfigFile);
        var hierarchies = Directory.Exists(p.Directory)
            ? Directory.GetFiles(p.Directory, "*.csv").Select(Path.GetFileName).Where(f => f != DataFile).Order(StringComparer.Ordinal).ToList()
            : [];
        var settingsFile = Path.Combine(p.Directory, "settings.json");
        var settings = File.Exists(settingsFile) ? System.Text.Json.JsonSerializer.Deserialize<ProjectSettings>(File.ReadAllText(settingsFile), Json) : null;
        return new ProjectView(p.Id, p.Name, columns, rows, File.Exists(config) ? File.ReadAllText(config) : null, hierarchies!, settings);
    }

    /// <summary>The delimiter of a CSV file: the most frequent of ';', ',' and tab in its header.</summary>
    public static char Delimiter(string path)
    {
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        return new[] { ',', ';', '\t' }.MaxBy(d => header.Count(ch => ch == d));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Stores the project's data (CSV), checked by reading it, written atomically.</summary>
    public async Task<ProjectView> SetDataAsync(string steward, ProjectRecord p, Stream csv, CancellationToken ct)
    {
        var path = Path.Combine(p.Directory, DataFile);
        using (var upload = AtomicFile.Begin(path))
        {
            await using (var file = upload.OpenWrite(asynchronous: true))
            {
                await csv.CopyToAsync(file, ct).ConfigureAwait(false);
            }
            CsvReader.Read(upload.TemporaryPath, new CsvOptions { Delimiter = Delimiter(upload.TemporaryPath) }, ct);
            upload.Commit();
        }
        await store.AuditAsync(steward, "upload", p.Id, null, null, "project data", CancellationToken.None).ConfigureAwait(false);
        return View(p);
    }

    /// <summary>Stores an ARX hierarchy CSV for an attribute (file <c>hierarchy_ATTRIBUTE.csv</c>), checked by parsing it.</summary>
    public async Task<HierarchyView> SetHierarchyAsync(string steward, ProjectRecord p, string attribute, Stream csv, CancellationToken ct)
    {
        Names.File(attribute, "attribute");
        var name = $"hierarchy_{attribute}.csv";
        var path = Path.Combine(p.Directory, name);
        using (var upload = AtomicFile.Begin(path))
        {
            await using (var file = upload.OpenWrite(asynchronous: true))
            {
                await csv.CopyToAsync(file, ct).ConfigureAwait(false);
            }
            HierarchyReader.Read(upload.TemporaryPath);
            upload.Commit();
        }
        await store.AuditAsync(steward, "upload", p.Id, null, null, $"hierarchy of {attribute}", CancellationToken.None).ConfigureAwait(false);
        return Hierarchy(p, attribute) ?? throw new InvalidOperationException("The hierarchy vanished.");
    }

    public static HierarchyView? Hierarchy(ProjectRecord p, string attribute)
    {
        var name = $"hierarchy_{Names.File(attribute, "attribute")}.csv";
        var path = Path.Combine(p.Directory, name);
        if (!File.Exists(path))
        {
            return null;
        }
        var rows = File.ReadLines(path).Take(12).Select(l => (IReadOnlyList<string>)l.Split(';')).ToList();
        return new HierarchyView(attribute, name, rows.Count == 0 ? 0 : rows[0].Count, rows);
    }

    /// <summary>Stores a configuration after checking that it parses and fits the data.</summary>
    public async Task<ProjectView> SetConfigAsync(string steward, ProjectRecord p, string yaml, CancellationToken ct)
    {
        var loaded = AnonymizationConfigLoader.Parse(new StringReader(yaml), ConfigFile, p.Directory);
        var data = Path.Combine(p.Directory, DataFile);
        if (File.Exists(data))
        {
            var table = CsvReader.Read(data, new CsvOptions { Delimiter = loaded.Delimiter ?? Delimiter(data) }, ct);
            loaded.Resolve(table, DataFile);
        }
        var path = Path.Combine(p.Directory, ConfigFile);
        await AtomicFile.WriteAllTextAsync(path, yaml, ct).ConfigureAwait(false);
        await store.AuditAsync(steward, "config-set", p.Id, null, null, "anonymization configuration", CancellationToken.None).ConfigureAwait(false);
        return View(p);
    }

    /// <summary>Turns the guided settings into a configuration (hierarchies as uploaded) and stores it.</summary>
    public async Task<ProjectView> SetSettingsAsync(string steward, ProjectRecord p, ProjectSettings settings, CancellationToken ct)
    {
        var yaml = ToYaml(p, settings);
        var view = await SetConfigAsync(steward, p, yaml, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(p.Directory, "settings.json"), System.Text.Json.JsonSerializer.Serialize(settings, Json), ct).ConfigureAwait(false);
        return view with { Settings = settings };
    }

    public static string ToYaml(ProjectRecord p, ProjectSettings s)
    {
        var roles = s.Roles ?? throw new ServerInputException("'roles' is required: a role per attribute.");
        var c = CultureInfo.InvariantCulture;
        var yaml = new StringBuilder();
        yaml.AppendLine("# Written by the Sanitas service from the project's settings.");
        var data = Path.Combine(p.Directory, DataFile);
        if (File.Exists(data))
        {
            yaml.AppendLine(c, $"delimiter: \"{Delimiter(data)}\"");
        }
        yaml.AppendLine("attributes:");
        string? sensitive = null;
        foreach (var (attribute, role) in roles)
        {
            var r = role switch
            {
                "identifying" or "quasi-identifier" or "sensitive" or "insensitive" => role,
                _ => throw new ServerInputException($"roles.{attribute}: the role must be identifying, quasi-identifier, sensitive or insensitive, got '{role}'."),
            };
            var hierarchy = $"hierarchy_{Names.File(attribute, "attribute")}.csv";
            var withHierarchy = r == "quasi-identifier" && File.Exists(Path.Combine(p.Directory, hierarchy));
            if (r == "quasi-identifier" && !withHierarchy)
            {
                throw new ServerInputException($"roles.{attribute}: a quasi-identifier needs a hierarchy; upload one first.");
            }
            sensitive ??= r == "sensitive" ? attribute : null;
            yaml.AppendLine(c, $"  \"{attribute}\": {{ role: {r}{(withHierarchy ? $", hierarchy: {hierarchy}" : "")} }}");
        }
        yaml.AppendLine("privacy:");
        yaml.AppendLine(c, $"  - k-anonymity: {{ k: {s.K ?? 5} }}");
        if (s.L is { } l)
        {
            yaml.AppendLine(c, $"  - distinct-l-diversity: {{ attribute: \"{sensitive ?? throw new ServerInputException("l-diversity needs a sensitive attribute.")}\", l: {l} }}");
        }
        yaml.AppendLine(c, $"suppressionLimit: {s.SuppressionLimit ?? 0.05}");
        yaml.AppendLine("risk:");
        yaml.AppendLine(c, $"  maxHighestProsecutor: {s.MaxHighestProsecutor ?? 1.0 / (s.K ?? 5)}");
        yaml.AppendLine(c, $"  maxAverageProsecutor: {s.MaxAverageProsecutor ?? 0.1}");
        return yaml.ToString();
    }

    public async Task<JobRecord> AnonymizeAsync(string steward, ProjectRecord p, CancellationToken ct)
    {
        var config = Path.Combine(p.Directory, ConfigFile);
        var data = Path.Combine(p.Directory, DataFile);
        if (!File.Exists(config) || !File.Exists(data))
        {
            throw new ServerInputException($"Project '{p.Id}' needs its data and a configuration before it can be anonymized.");
        }
        return await jobs.EnqueueAsync("anonymize", steward, p.Id, "{}", context =>
        {
            var output = Path.Combine(context.Staging, "anonymized.csv");
            var report = Path.Combine(context.Staging, "report.json");
            var result = RiskLoopFileAnonymizer.Run(config, data, output, report, new Progress<AnonymizationProgress>(s => context.Progress.Report(s.Overall)), context.Cancellation);
            if (result.Output is null)
            {
                throw new AnonymizationException("The anonymized output still fails the risk thresholds; nothing was written. Strengthen the settings and try again.");
            }
            // The risk report of the result, in JSON and HTML, as `sanitas risk` writes them.
            FileRiskAssessor.RunAsync(new RiskRequest { ConfigPath = config, InputPath = output, ReportPath = Path.Combine(context.Staging, "risk.json"), HtmlPath = Path.Combine(context.Staging, "risk.html") },
                null, context.Cancellation).GetAwaiter().GetResult();
            // The reports name the files as they are served (not the staging folder they were written to).
            foreach (var json in new[] { report, Path.Combine(context.Staging, "risk.json") })
            {
                File.WriteAllText(json, File.ReadAllText(json).Replace(context.Staging + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
            }
            return Task.FromResult<IReadOnlyList<string>>(["anonymized.csv", "report.json", "risk.json", "risk.html"]);
        }, e => ProblemMapper.Describe(e).Detail, ct).ConfigureAwait(false) ?? throw new QueueFullException();
    }

    public async Task<JobRecord> RiskAsync(string steward, ProjectRecord p, CancellationToken ct)
    {
        var config = Path.Combine(p.Directory, ConfigFile);
        var data = Path.Combine(p.Directory, DataFile);
        if (!File.Exists(config) || !File.Exists(data))
        {
            throw new ServerInputException($"Project '{p.Id}' needs its data and a configuration before its risk can be measured.");
        }
        return await jobs.EnqueueAsync("risk", steward, p.Id, "{}", async context =>
        {
            await FileRiskAssessor.RunAsync(new RiskRequest { ConfigPath = config, InputPath = data, ReportPath = Path.Combine(context.Staging, "risk.json"), HtmlPath = Path.Combine(context.Staging, "risk.html") },
                context.Progress, context.Cancellation).ConfigureAwait(false);
            return ["risk.json", "risk.html"];
        }, e => ProblemMapper.Describe(e).Detail, ct).ConfigureAwait(false) ?? throw new QueueFullException();
    }
}
