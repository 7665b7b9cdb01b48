using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>DP synthetic data as a job: the steward's domain, the analyst's charge, and what a hostile request gets.</summary>
[Collection(ServerCollection.Name)]
public sealed class SynthesisApiTests(ServerFixture server)
{
    [Fact]
    public async Task An_analyst_synthesizes_the_trials_patients_charged_to_their_budget()
    {
        var analyst = await server.NewAnalystAsync("s-synth");
        (await server.As("steward").PutAsJsonAsync("/api/datasets/trial/budgets/s-synth", new { epsilon = 1, delta = 1e-6 })).EnsureSuccessStatusCode();
        // The domain is public: analysts read it before they spend anything.
        var domain = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/synthesis-config");
        Assert.Contains("unit: PatientId", domain.GetProperty("config").GetString());
        var started = await analyst.PostAsJsonAsync("/api/datasets/trial/synthesis", new { mechanism = "mst", epsilon = 0.5, delta = 1e-9, rows = 250 });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var job = await ServerFixture.WaitForJobAsync(analyst, id);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(["synthetic.csv", "privacy-log.json"], job.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var lines = (await analyst.GetStringAsync($"/api/jobs/{id}/files/synthetic.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Age,Sex,DiabetesType,Arm,Disease,NeuropathyScore,UlcerHistory", lines[0].TrimEnd('\r'));
        Assert.Equal(251, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.TrimEnd('\r').Split(',');
            var age = int.Parse(cells[0], CultureInfo.InvariantCulture);
            Assert.InRange(age, 20, 99);
            Assert.Contains(cells[1], new[] { "female", "male" });
        }
        var log = await analyst.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files/privacy-log.json");
        Assert.Equal("mst", log.GetProperty("mechanism").GetString());
        var budget = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget");
        Assert.Equal(0.5, budget.GetProperty("epsilonSpent").GetDouble(), 9);
        var audit = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?actor=s-synth&action=charge");
        Assert.Equal("synth mst", Assert.Single(audit.EnumerateArray()).GetProperty("detail").GetString());
        // The synthetic table is a release of the analyst's own job: another analyst gets nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await server.As("analyst").GetAsync($"/api/jobs/{id}/files/synthetic.csv")).StatusCode);
    }

    [Fact]
    public async Task A_bad_or_over_budget_request_is_refused_before_any_charge()
    {
        var analyst = await server.NewAnalystAsync("s-refused");
        (await server.As("steward").PutAsJsonAsync("/api/datasets/trial/budgets/s-refused", new { epsilon = 0.3, delta = 1e-6 })).EnsureSuccessStatusCode();
        async Task<(HttpStatusCode Status, string Body)> Ask(object request)
        {
            var response = await analyst.PostAsJsonAsync("/api/datasets/trial/synthesis", request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        var unknown = await Ask(new { mechanism = "smote", epsilon = 0.1, delta = 1e-9 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("mst, aim, privbayes, dpctgan", unknown.Body);
        Assert.Equal(HttpStatusCode.BadRequest, (await Ask(new { mechanism = "mst", epsilon = 0.1 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Ask(new { mechanism = "mst", epsilon = 0.1, delta = 1e-9, rows = 50_000_000 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Ask(new { mechanism = "mst", epsilon = -1, delta = 1e-9 })).Status);
        var over = await Ask(new { mechanism = "mst", epsilon = 0.5, delta = 1e-9 });
        Assert.Equal(HttpStatusCode.Conflict, over.Status);
        Assert.Equal(0, (await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget")).GetProperty("epsilonSpent").GetDouble());
        // An analyst without a grant on the dataset is refused too.
        var stranger = await server.NewAnalystAsync("s-stranger");
        Assert.Equal(HttpStatusCode.Conflict, (await stranger.PostAsJsonAsync("/api/datasets/trial/synthesis", new { mechanism = "mst", epsilon = 0.1, delta = 1e-9 })).StatusCode);
    }

    [Fact]
    public async Task The_stewards_domain_is_checked_against_the_table_and_its_person()
    {
        var steward = server.As("steward");
        var current = (await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/synthesis-config")).GetProperty("config").GetString()!;
        // A column the CSV lacks: the error names the place in the YAML.
        var missing = await steward.PutAsJsonAsync("/api/datasets/trial/synthesis-config", new { config = "unit: PatientId\ncolumns:\n  Age: { type: integer, min: 20, max: 99, bins: 16 }\n  Shoe: [small, large]\n" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var body = await missing.Content.ReadAsStringAsync();
        Assert.Contains("'Shoe'", body);
        Assert.Contains("line 4", body);
        // Without the person as unit a patient with several rows would count several times: refused, with the fix.
        var noUnit = await steward.PutAsJsonAsync("/api/datasets/trial/synthesis-config", new { config = "columns:\n  Sex: [female, male]\n" });
        Assert.Equal(HttpStatusCode.BadRequest, noUnit.StatusCode);
        Assert.Contains("unit: PatientId", await noUnit.Content.ReadAsStringAsync());
        // Nothing was replaced by the refused requests; analysts cannot set a domain.
        Assert.Equal(current, (await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/synthesis-config")).GetProperty("config").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await server.As("analyst").PutAsJsonAsync("/api/datasets/trial/synthesis-config", new { config = current })).StatusCode);
    }

    [Fact]
    public async Task A_job_that_fails_after_its_charge_says_nothing_about_the_data()
    {
        // A steward's CSV whose last line is malformed and carries a value: read only after the charge,
        // so its error (which would name the line and the value) must not reach the analyst.
        var trial = Path.Combine(server.DataDirectory, "datasets", "trial");
        var folder = Directory.CreateTempSubdirectory("sanitas-synth-broken-").FullName;
        var csv = Path.Combine(folder, "patients.csv");
        File.Copy(Path.Combine(trial, "patients.csv"), csv);
        File.AppendAllText(csv, "\"P-SECRET-4711,unterminated\n");
        var steward = server.As("steward");
        await Succeeds(await steward.PostAsJsonAsync("/api/datasets/register", new
        {
            id = "trial-broken",
            database = Path.Combine(trial, "trial.sqlite"),
            metadata = File.ReadAllText(Path.Combine(trial, "trial.yaml")),
            trainingCsv = csv,
        }));
        var domain = (await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/synthesis-config")).GetProperty("config").GetString();
        await Succeeds(await steward.PutAsJsonAsync("/api/datasets/trial-broken/synthesis-config", new { config = domain }));
        var analyst = await server.NewAnalystAsync("s-broken");
        await Succeeds(await steward.PutAsJsonAsync("/api/datasets/trial-broken/budgets/s-broken", new { epsilon = 1, delta = 1e-6 }));
        var started = await analyst.PostAsJsonAsync("/api/datasets/trial-broken/synthesis", new { mechanism = "privbayes", epsilon = 0.4, delta = 1e-9 });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await ServerFixture.WaitForJobAsync(analyst, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        var error = job.GetProperty("error").GetString()!;
        Assert.DoesNotContain("SECRET", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("line", error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("charge stands", error);
        Assert.Empty(job.GetProperty("files").EnumerateArray());
        // The charge stands: the release could have happened. The audit log shows it too.
        Assert.Equal(0.4, (await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial-broken/budget")).GetProperty("epsilonSpent").GetDouble(), 9);
        var audit = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?actor=s-broken&action=charge");
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal(("synth privbayes", 0.4), (entry.GetProperty("detail").GetString(), entry.GetProperty("epsilon").GetDouble()));
    }

    private static async Task Succeeds(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
