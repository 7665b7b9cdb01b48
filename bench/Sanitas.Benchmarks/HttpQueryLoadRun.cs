using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sanitas.Server.Hosting;

namespace Sanitas.Benchmarks;

/// <summary>
/// DP query latency over HTTP: the service on Kestrel (loopback) with the demo trial (300 patients,
/// ~350,000 readings, SQLite), 1 and 16 analysts each sending queries one after another with their
/// own token and budget; per request the wall time from send to parsed answer, as p50 and p95, and
/// the throughput. <c>dotnet run -c Release -- --http [queries per analyst]</c>.
/// </summary>
internal static class HttpQueryLoadRun
{
    // The second query reads every reading: fewer requests per analyst (a share of the first's).
    private static readonly (string Name, string Sql, int Share)[] Queries =
    [
        ("count by arm (Patients, 300 rows)", "SELECT Arm, COUNT(*) FROM Patients GROUP BY Arm", 1),
        ("avg temperature by sensor (Readings, 349,136 rows)", "SELECT Sensor, AVG(Temperature) FROM Readings GROUP BY Sensor", 8),
    ];

    public static async Task RunAsync(int perAnalyst)
    {
        var dir = Directory.CreateTempSubdirectory("sanitas-http-bench-").FullName;
        var app = ServerHost.Build(["--urls=http://127.0.0.1:0", $"--Sanitas:DataDir={dir}", "--Sanitas:Demo=true", "--Sanitas:RequestsPerMinute=1000000", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        try
        {
            var url = app.Urls.First();
            var tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(dir, "demo-tokens.json")))!;
            using var admin = Client(url, tokens["admin"]);
            using var steward = Client(url, tokens["steward"]);
            var analysts = new List<HttpClient>();
            for (var i = 0; i < 16; i++)
            {
                var name = $"bench{i}";
                (await admin.PostAsJsonAsync("/api/users", new { name, role = "analyst" })).EnsureSuccessStatusCode();
                var token = await (await admin.PostAsJsonAsync($"/api/users/{name}/tokens", new { label = "bench" })).Content.ReadFromJsonAsync<JsonElement>();
                (await steward.PutAsJsonAsync($"/api/datasets/trial/budgets/{name}", new { epsilon = 1e6 })).EnsureSuccessStatusCode();
                analysts.Add(Client(url, token.GetProperty("token").GetString()!));
            }
            Console.WriteLine($"| query | analysts | requests | p50 (ms) | p95 (ms) | requests/s |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (name, sql, share) in Queries)
            {
                await Measure(analysts[..1], sql, 3, warmup: true); // JIT, connection pools, SQLite page cache
                foreach (var n in new[] { 1, 16 })
                {
                    var total = Stopwatch.StartNew();
                    var latencies = await Measure(analysts[..n], sql, Math.Max(2, perAnalyst / share / (n == 1 ? 1 : 4)), warmup: false);
                    total.Stop();
                    latencies.Sort();
                    double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {n} | {latencies.Count} | {P(0.5):F1} | {P(0.95):F1} | {latencies.Count / total.Elapsed.TotalSeconds:F1} |"));
                }
            }
            foreach (var a in analysts)
            {
                a.Dispose();
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static HttpClient Client(string url, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<List<double>> Measure(List<HttpClient> analysts, string sql, int perAnalyst, bool warmup)
    {
        var all = new List<double>();
        var results = await Task.WhenAll(analysts.Select(async client =>
        {
            var own = new List<double>(perAnalyst);
            for (var i = 0; i < perAnalyst; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.PostAsJsonAsync("/api/datasets/trial/queries", new { sql, epsilon = 0.01 });
                response.EnsureSuccessStatusCode();
                await response.Content.ReadFromJsonAsync<JsonElement>();
                own.Add(watch.Elapsed.TotalMilliseconds);
            }
            return own;
        }));
        if (!warmup)
        {
            foreach (var r in results)
            {
                all.AddRange(r);
            }
        }
        return all;
    }
}
