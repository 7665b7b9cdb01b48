using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>Background jobs: anonymize, risk and DP training, with progress, results, ownership, cancellation and the audit log.</summary>
[Collection(ServerCollection.Name)]
public sealed class JobsApiTests(ServerFixture server)
{
    [Fact]
    public async Task The_steward_anonymizes_adult_and_downloads_the_file_with_its_reports()
    {
        var steward = server.As("steward");
        var started = await steward.PostAsync("/api/projects/adult/anonymize", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var job = await ServerFixture.WaitForJobAsync(steward, id);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("progress").GetDouble());
        var report = await steward.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files/report.json");
        // ARX's optimum for Adult at k = 5 with 4% suppression (TestAnonymizationKAnonymity), as the CLI finds it.
        Assert.Equal(1, report.GetProperty("transformation").GetProperty("sex").GetInt32());
        Assert.Equal(3, report.GetProperty("transformation").GetProperty("education").GetInt32());
        var csv = await steward.GetStringAsync($"/api/jobs/{id}/files/anonymized.csv");
        Assert.StartsWith("sex;age;race", csv, StringComparison.Ordinal);
        var html = await steward.GetStringAsync($"/api/jobs/{id}/files/risk.html");
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        // Another user sees nothing of it.
        Assert.Equal(HttpStatusCode.NotFound, (await server.As("analyst").GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.As("analyst").GetAsync($"/api/jobs/{id}/files/anonymized.csv")).StatusCode);
        var audit = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?actor=steward&action=download");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("detail").GetString() == $"{id}/anonymized.csv");
    }

    [Fact]
    public async Task A_cancelled_job_ends_cancelled_and_serves_nothing()
    {
        var steward = server.As("steward");
        var id = (await (await steward.PostAsync("/api/projects/adult/risk", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var cancelled = await (await steward.DeleteAsync($"/api/jobs/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        var job = await ServerFixture.WaitForJobAsync(steward, id);
        if (job.GetProperty("status").GetString() == "succeeded")
        {
            return; // it finished before the cancel arrived: nothing to check
        }
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.Empty(job.GetProperty("files").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await steward.GetAsync($"/api/jobs/{id}/files/risk.json")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "jobs", id)));
        _ = cancelled;
    }

    [Fact]
    public async Task An_analyst_trains_a_dp_model_charged_to_their_budget()
    {
        var analyst = await server.NewAnalystAsync("j-trainer");
        (await server.As("steward").PutAsJsonAsync("/api/datasets/trial/budgets/j-trainer", new { epsilon = 1 })).EnsureSuccessStatusCode();
        var request = new { target = "UlcerHistory", model = "logistic", mechanism = "objective", epsilon = 0.5, features = new[] { "Age", "Sex", "DiabetesType", "NeuropathyScore" } };
        var started = await analyst.PostAsJsonAsync("/api/datasets/trial/training", request);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var job = await ServerFixture.WaitForJobAsync(analyst, id);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var model = await analyst.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files/model.json");
        Assert.Equal("objective", model.GetProperty("mechanism").GetString());
        var budget = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget");
        Assert.Equal(0.5, budget.GetProperty("epsilonSpent").GetDouble(), 9);
        var audit = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?actor=j-trainer&action=charge");
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal(("train logistic/objective", 0.5), (entry.GetProperty("detail").GetString(), entry.GetProperty("epsilon").GetDouble()));
        // Non-private training and non-DP metrics are not for analysts; a bad request is refused before any charge.
        var plain = await analyst.PostAsJsonAsync("/api/datasets/trial/training", request with { mechanism = "none" });
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        var unknown = await analyst.PostAsJsonAsync("/api/datasets/trial/training", request with { target = "NoSuchColumn" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(0.5, (await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget")).GetProperty("epsilonSpent").GetDouble(), 9);
    }

    [Fact]
    public async Task The_person_of_a_training_job_is_the_metadatas_privacy_unit_not_a_feature()
    {
        var analyst = await server.NewAnalystAsync("j-unit");
        (await server.As("steward").PutAsJsonAsync("/api/datasets/trial/budgets/j-unit", new { epsilon = 1 })).EnsureSuccessStatusCode();
        // Without features every column but the target and the person is one: PatientId (the privacyUnit of Patients)
        // is the person, so the first column refused for lack of bounds is BirthDate, and nothing is charged.
        var response = await analyst.PostAsJsonAsync("/api/datasets/trial/training", new { target = "UlcerHistory", model = "logistic", mechanism = "objective", epsilon = 0.5 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("'BirthDate'", body);
        Assert.DoesNotContain("'PatientId'", body);
        Assert.Equal(0, (await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget")).GetProperty("epsilonSpent").GetDouble());
    }

    [Fact]
    public async Task Queries_and_charges_are_in_the_append_only_audit_log()
    {
        var analyst = await server.NewAnalystAsync("j-audited");
        (await server.As("steward").PutAsJsonAsync("/api/datasets/trial/budgets/j-audited", new { epsilon = 1 })).EnsureSuccessStatusCode();
        (await analyst.PostAsJsonAsync("/api/datasets/trial/queries", new { sql = "SELECT COUNT(*) FROM Patients", epsilon = 0.2 })).EnsureSuccessStatusCode();
        var rows = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?actor=j-audited");
        var query = Assert.Single(rows.EnumerateArray());
        Assert.Equal("query", query.GetProperty("action").GetString());
        Assert.Equal("trial", query.GetProperty("dataset").GetString());
        Assert.Equal(0.2, query.GetProperty("epsilon").GetDouble(), 9);
        var grants = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?action=budget-set&dataset=trial");
        Assert.Contains(grants.EnumerateArray(), g => g.GetProperty("detail").GetString() == "budget of j-audited" && g.GetProperty("actor").GetString() == "steward");
    }
}
