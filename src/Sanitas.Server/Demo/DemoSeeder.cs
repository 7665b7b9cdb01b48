using System.Text.Json;
using Sanitas.Data;
using Sanitas.Samples;
using Sanitas.Server.Auth;
using Sanitas.Server.Hosting;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Demo;

/// <summary>
/// <c>sanitas serve --demo</c>: the seeded smart-insole trial as a SQLite dataset with its DP metadata
/// (and its patients table for DP training and DP synthetic data, with the domain samples/clinical/trial-patients-synth.yaml;
/// its readings for synthetic readings, with the settings samples/clinical/trial-readings-synth.yaml), ARX's Adult sample as an anonymization project, the users
/// steward, analyst and admin with fresh API tokens and passwords (written to DIR/demo-tokens.json and
/// DIR/demo-passwords.json, and printed), and a budget of ε = 3, δ = 1e-6 for the analyst on the trial.
/// </summary>
internal static class DemoSeeder
{
    public const string TrialId = "trial";
    public const string AdultId = "adult";
    public const double AnalystEpsilon = 3;
    public const double AnalystDelta = 1e-6;

    public static async Task SeedAsync(ServerStore store, ServerOptions options, ILogger logger, CancellationToken ct)
    {
        var samples = Locate();
        var tokens = new Dictionary<string, string>();
        var passwords = new Dictionary<string, string>();
        foreach (var name in Roles.All.Reverse())
        {
            var role = name;
            var password = Secrets.NewPassword();
            await store.UpsertUserAsync(name, role, Secrets.HashPassword(password), ct).ConfigureAwait(false);
            await store.RevokeTokensAsync(name, ct).ConfigureAwait(false);
            var token = Secrets.NewToken();
            await store.AddTokenAsync(name, Secrets.HashToken(token), "demo", ct).ConfigureAwait(false);
            tokens[name] = token;
            passwords[name] = password;
        }
        if (await store.DatasetAsync(TrialId, ct).ConfigureAwait(false) is null)
        {
            var dir = Path.Combine(options.DataDirectory, "datasets", TrialId);
            var files = await ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = options.DemoPatients }, dir, null, ct).ConfigureAwait(false);
            await store.AddDatasetAsync(new DatasetRecord(TrialId, "Smart-insole trial",
                $"The simulated clinical trial: {files.Patients} diabetic patients, their comorbidities and {files.Readings:N0} insole temperature readings. Privacy unit: the patient.",
                files.Database, await File.ReadAllTextAsync(files.Metadata, ct).ConfigureAwait(false),
                files.PatientsCsv, await File.ReadAllTextAsync(Path.Combine(samples, "clinical", "trial-patients-bounds.yaml"), ct).ConfigureAwait(false),
                Roles.Steward, ServerStore.Now()), ct).ConfigureAwait(false);
            await store.SetSynthesisConfigAsync(TrialId, await File.ReadAllTextAsync(Path.Combine(samples, "clinical", "trial-patients-synth.yaml"), ct).ConfigureAwait(false), Roles.Steward, ct).ConfigureAwait(false);
            await store.Ledger.SetBudgetAsync(Roles.Analyst, TrialId, AnalystEpsilon, AnalystDelta, ct).ConfigureAwait(false);
            await store.AuditAsync("demo", "dataset-register", TrialId, null, null, "demo trial", ct).ConfigureAwait(false);
        }
        var readings = Path.GetFullPath(Path.Combine(options.DataDirectory, "datasets", TrialId, "readings.csv"));
        if (await store.TimeSeriesConfigAsync(TrialId, ct).ConfigureAwait(false) is null && File.Exists(readings))
        {
            // The trial's readings for synthetic readings, with the protocol's bounds (also for a demo seeded before they existed).
            await store.SetTimeSeriesConfigAsync(TrialId, readings, await File.ReadAllTextAsync(Path.Combine(samples, "clinical", "trial-readings-synth.yaml"), ct).ConfigureAwait(false),
                Roles.Steward, ct).ConfigureAwait(false);
        }
        if (await store.ProjectAsync(AdultId, ct).ConfigureAwait(false) is null)
        {
            var dir = Directory.CreateDirectory(Path.Combine(options.DataDirectory, "projects", AdultId)).FullName;
            var adult = Path.Combine(samples, "adult");
            File.Copy(Path.Combine(adult, "adult.csv"), Path.Combine(dir, "data.csv"), overwrite: true);
            foreach (var h in Directory.GetFiles(adult, "adult_hierarchy_*.csv"))
            {
                var attribute = Path.GetFileNameWithoutExtension(h)["adult_hierarchy_".Length..];
                File.Copy(h, Path.Combine(dir, $"hierarchy_{attribute}.csv"), overwrite: true);
            }
            var config = (await File.ReadAllTextAsync(Path.Combine(adult, "adult-k5.yaml"), ct).ConfigureAwait(false)).Replace("adult_hierarchy_", "hierarchy_", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(dir, "config.yaml"), config, ct).ConfigureAwait(false);
            await store.AddProjectAsync(new ProjectRecord(AdultId, "Adult census (ARX's example)", dir, Roles.Steward, ServerStore.Now()), ct).ConfigureAwait(false);
            await store.AuditAsync("demo", "project-create", AdultId, null, null, "demo Adult project", ct).ConfigureAwait(false);
        }
        var json = new JsonSerializerOptions { WriteIndented = true };
        await WriteAtomicAsync(Path.Combine(options.DataDirectory, "demo-tokens.json"), JsonSerializer.Serialize(tokens, json), ct).ConfigureAwait(false);
        await WriteAtomicAsync(Path.Combine(options.DataDirectory, "demo-passwords.json"), JsonSerializer.Serialize(passwords, json), ct).ConfigureAwait(false);
        var lines = string.Join(Environment.NewLine, Roles.All.Select(r => $"  {r,-8} token {tokens[r]}   password {passwords[r]}"));
        Console.WriteLine($"""
            Sanitas demo: dataset '{TrialId}' (DP queries, analyst budget ε = {AnalystEpsilon}), project '{AdultId}' (anonymization).
            Users (tokens in {Path.Combine(options.DataDirectory, "demo-tokens.json")}, passwords in demo-passwords.json):
            {lines}
            Open {options.PublicUrl}/ and sign in, or try: curl -H "Authorization: Bearer {tokens[Roles.Analyst]}" {options.PublicUrl}/api/datasets
            """);
        logger.LogInformation("Demo loaded into {Dir}", options.DataDirectory);
    }

    private static async Task WriteAtomicAsync(string path, string text, CancellationToken ct)
    {
        await AtomicFile.WriteAllTextAsync(path, text, ct).ConfigureAwait(false);
    }

    /// <summary>The samples folder shipped beside the server (or found above it in a source checkout).</summary>
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var samples = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(samples, "adult", "adult.csv")))
            {
                return samples;
            }
        }
        throw new DirectoryNotFoundException($"No samples folder next to or above {AppContext.BaseDirectory}.");
    }
}
