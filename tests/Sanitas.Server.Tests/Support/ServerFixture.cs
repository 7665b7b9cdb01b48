using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sanitas.Server.Tests.Support;

/// <summary>
/// One in-process server per test collection, on a fresh data directory, with the demo loaded (a
/// smaller trial of 60 patients so that it starts fast) and the demo users' tokens at hand.
/// </summary>
public sealed class ServerFixture : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("sanitas-server-tests-").FullName;

    private Dictionary<string, string>? _tokens;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Sanitas:DataDir", DataDirectory);
        // Tests register files they write into temporary folders; the refusal of others is tested with /etc and links to it.
        builder.UseSetting("Sanitas:DataRoots", Path.GetTempPath());
        builder.UseSetting("Sanitas:Demo", "true");
        builder.UseSetting("Sanitas:DemoPatients", "60");
        builder.UseSetting("Sanitas:RequestsPerMinute", "100000");
        builder.UseSetting("Sanitas:JobWorkers", "2");
        builder.UseEnvironment("Production");
    }

    /// <summary>The demo users' tokens (steward, analyst, admin).</summary>
    public IReadOnlyDictionary<string, string> Tokens
    {
        get
        {
            if (_tokens is null)
            {
                _ = Services; // starts the host, which writes the tokens
                _tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(DataDirectory, "demo-tokens.json")))!;
            }
            return _tokens;
        }
    }

    /// <summary>A client sending a user's token (or none for null).</summary>
    public HttpClient As(string? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.TryGetValue(role, out var t) ? t : role);
        }
        return client;
    }

    /// <summary>Creates an analyst through the admin API and returns a client with their new token.</summary>
    public async Task<HttpClient> NewAnalystAsync(string name)
    {
        var admin = As("admin");
        (await admin.PostAsJsonAsync("/api/users", new { name, role = "analyst" })).EnsureSuccessStatusCode();
        var token = await (await admin.PostAsJsonAsync($"/api/users/{name}/tokens", new { label = "test" })).Content.ReadFromJsonAsync<JsonElement>();
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        return client;
    }

    /// <summary>Waits for a job to finish and returns its final view.</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, string id, int seconds = 60)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
            if (job.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Job {id} did not finish in {seconds} s.");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finished job's thread; the temp folder is cleaned by the OS.
        }
    }
}
