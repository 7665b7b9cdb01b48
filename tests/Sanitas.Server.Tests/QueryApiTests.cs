using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>DP queries and budgets over HTTP: what an analyst gets, what is charged, and what is refused.</summary>
[Collection(ServerCollection.Name)]
public sealed class QueryApiTests(ServerFixture server)
{
    private const string Count = "SELECT Arm, COUNT(*) FROM Patients GROUP BY Arm";

    private async Task<HttpClient> AnalystWithBudgetAsync(string name, double epsilon, double delta = 0)
    {
        var analyst = await server.NewAnalystAsync(name);
        var grant = await server.As("steward").PutAsJsonAsync($"/api/datasets/trial/budgets/{name}", new { epsilon, delta });
        grant.EnsureSuccessStatusCode();
        return analyst;
    }

    private static async Task<JsonElement> BudgetAsync(HttpClient analyst) => await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget");

    [Fact]
    public async Task A_query_releases_noisy_counts_with_intervals_and_charges_the_callers_budget()
    {
        var analyst = await AnalystWithBudgetAsync("q-alice", 1);
        var response = await analyst.PostAsJsonAsync("/api/datasets/trial/queries", new { sql = Count, epsilon = 0.25 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Arm", "count"], result.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        // Both public arms are released, whatever the data; the count's 95% half-width is ln(20)/ε for Laplace noise of scale 1/ε.
        Assert.Equal(["control", "intervention"], result.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()));
        Assert.Equal(Math.Log(20) / 0.25, result.GetProperty("confidenceIntervals")[0][1].GetDouble(), 3);
        Assert.Equal(0.25, result.GetProperty("epsilonSpent").GetDouble(), 9);
        Assert.Equal(0.75, result.GetProperty("epsilonRemaining").GetDouble(), 9);
        // The service writes the library's answer shape, the same keys as `sanitas query --format json`.
        Assert.Equal(["columns", "rows", "confidenceIntervals", "intervalUnits", "epsilonSpent", "epsilonRemaining", "deltaSpent", "deltaRemaining", "releaseThreshold"],
            result.EnumerateObject().Select(p => p.Name));
        var budget = await BudgetAsync(analyst);
        Assert.Equal("q-alice", budget.GetProperty("analyst").GetString());
        Assert.Equal(0.25, budget.GetProperty("epsilonSpent").GetDouble(), 9);
        var history = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/queries");
        Assert.Equal(Count, Assert.Single(history.EnumerateArray()).GetProperty("what").GetString());
    }

    [Fact]
    public async Task Explain_shows_cost_and_accuracy_and_charges_nothing()
    {
        var analyst = await AnalystWithBudgetAsync("q-explain", 1);
        var explanation = await (await analyst.PostAsJsonAsync("/api/datasets/trial/queries", new { sql = Count, epsilon = 0.5, explain = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0.5, explanation.GetProperty("epsilon").GetDouble());
        Assert.Equal(2, explanation.GetProperty("groupCount").GetInt32());
        Assert.Equal(Math.Log(20) / 0.5, explanation.GetProperty("aggregates")[0].GetProperty("halfWidth").GetDouble(), 3);
        Assert.Equal(0, (await BudgetAsync(analyst)).GetProperty("epsilonSpent").GetDouble());
    }

    [Fact]
    public async Task The_caller_cannot_choose_the_analyst_the_ledger_or_the_dataset_charged()
    {
        var analyst = await AnalystWithBudgetAsync("q-mallory", 1);
        var elsewhere = Path.Combine(server.DataDirectory, "mallory-ledger.sqlite");
        var response = await analyst.PostAsJsonAsync("/api/datasets/trial/queries",
            new { sql = Count, epsilon = 0.1, analyst = "analyst", ledger = elsewhere, dataset = "other", db = elsewhere });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.1, (await BudgetAsync(analyst)).GetProperty("epsilonSpent").GetDouble(), 9);
        Assert.False(File.Exists(elsewhere));
        // Another analyst's budget is a steward's view only.
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/datasets/trial/budgets/analyst")).StatusCode);
    }

    [Fact]
    public async Task Raw_rows_and_raw_risk_reports_are_refused_to_analysts()
    {
        var analyst = server.As("analyst");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/datasets/trial/rows?limit=5")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/api/projects/adult/risk", null)).StatusCode);
        var steward = await server.As("steward").GetFromJsonAsync<JsonElement>("/api/datasets/trial/rows?limit=5");
        Assert.Equal(5, steward.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task An_exact_aggregate_needs_a_non_dp_query_which_is_refused_before_any_charge()
    {
        var analyst = await AnalystWithBudgetAsync("q-exact", 1);
        foreach (var sql in new[] { "SELECT * FROM Patients", "SELECT PatientId, Age FROM Patients", "SELECT Age FROM Patients WHERE PatientId = 1" })
        {
            var response = await analyst.PostAsJsonAsync("/api/datasets/trial/queries", new { sql, epsilon = 0.1 });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(0, (await BudgetAsync(analyst)).GetProperty("epsilonSpent").GetDouble());
    }

    [Fact]
    public async Task Errors_are_problem_details_that_name_the_place_and_charge_nothing()
    {
        var analyst = await AnalystWithBudgetAsync("q-errors", 1);
        var syntax = await analyst.PostAsJsonAsync("/api/datasets/trial/queries", new { sql = "SELECT Arm, COUNT(* FROM Patients GROUP BY Arm", epsilon = 0.1 });
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        var problem = await syntax.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Invalid SQL", problem.GetProperty("title").GetString());
        Assert.Contains("line 1, column 21", problem.GetProperty("detail").GetString());
        var badEpsilon = await analyst.PostAsJsonAsync("/api/datasets/trial/queries", new { sql = Count, epsilon = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, badEpsilon.StatusCode);
        Assert.Contains("'epsilon' must be a positive number", (await badEpsilon.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var tooMuch = await analyst.PostAsJsonAsync("/api/datasets/trial/queries", new { sql = Count, epsilon = 2 });
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        Assert.Contains("Nothing was charged", (await tooMuch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(0, (await BudgetAsync(analyst)).GetProperty("epsilonSpent").GetDouble());
        var noBudget = await (await server.NewAnalystAsync("q-nobudget")).PostAsJsonAsync("/api/datasets/trial/queries", new { sql = Count, epsilon = 0.1 });
        Assert.Equal(HttpStatusCode.Conflict, noBudget.StatusCode);
    }

    [Fact]
    public async Task Twenty_concurrent_queries_of_a_tenth_against_a_budget_of_one_answer_exactly_ten()
    {
        var analyst = await AnalystWithBudgetAsync("q-load", 1.0);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => analyst.PostAsJsonAsync("/api/datasets/trial/queries", new { sql = Count, epsilon = 0.1 })));
        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(10, refused.Count);
        foreach (var r in refused)
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        }
        var budget = await BudgetAsync(analyst);
        Assert.Equal(1.0, budget.GetProperty("epsilonSpent").GetDouble(), 9);
        Assert.Equal(10, (await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/queries")).GetArrayLength());
    }

    [Fact]
    public async Task A_steward_uploads_a_csv_with_its_metadata_and_an_analyst_queries_it()
    {
        var steward = server.As("steward");
        var csv = "PatientId,Ward,Age\n" + string.Join("\n", Enumerable.Range(1, 40).Select(i => $"{i},{(i % 2 == 0 ? "north" : "south")},{20 + i}")) + "\n";
        const string metadata = """
            tables:
              Stays:
                privacyUnit: PatientId
                maxRowsPerUnit: 1
                columns:
                  PatientId: { type: integer, privacyUnit: true }
                  Ward:      { type: text, public: [north, south] }
                  Age:       { type: integer, lower: 0, upper: 100 }
            """;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("wards"), "id" },
            { new StringContent("Ward stays"), "name" },
            { new StringContent("Stays"), "table" },
            { new StringContent(metadata), "metadata" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "stays.csv" },
        };
        var created = await steward.PostAsync("/api/datasets", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var analyst = await server.NewAnalystAsync("q-wards");
        (await steward.PutAsJsonAsync("/api/datasets/wards/budgets/q-wards", new { epsilon = 1 })).EnsureSuccessStatusCode();
        var result = await (await analyst.PostAsJsonAsync("/api/datasets/wards/queries", new { sql = "SELECT Ward, AVG(Age) FROM Stays GROUP BY Ward", epsilon = 0.5 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("rows").GetArrayLength());
        var view = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/wards");
        var table = Assert.Single(view.GetProperty("tables").EnumerateArray());
        Assert.Equal("PatientId", table.GetProperty("privacyUnit").GetString());
        Assert.DoesNotContain("north,", view.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_services_own_store_and_tables_cannot_become_a_dataset()
    {
        var steward = server.As("steward");
        var store = Path.Combine(server.DataDirectory, "sanitas.db");
        const string tokens = "tables:\n  server_tokens:\n    privacyUnit: id\n    maxRowsPerUnit: 1\n    columns:\n      id: { type: integer, privacyUnit: true }\n";
        var itself = await steward.PostAsJsonAsync("/api/datasets/register", new { id = "store", database = store, metadata = tokens.Replace("server_tokens", "Tokens", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.BadRequest, itself.StatusCode);
        Assert.Contains("own store", (await itself.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var copy = Path.Combine(server.DataDirectory, "copy.db");
        File.Copy(store, copy, overwrite: true);
        var reserved = await steward.PostAsJsonAsync("/api/datasets/register", new { id = "copy", database = copy, metadata = tokens });
        Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);
        Assert.Contains("server_tokens", (await reserved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_steward_registers_files_only_from_the_servers_data_roots()
    {
        // Outside the roots (here the data directory and the temporary folder), through "..", or through a link
        // inside a root: refused before the file is opened, so a refused header check cannot echo its first line.
        var steward = server.As("steward");
        var trial = Path.Combine(server.DataDirectory, "datasets", "trial");
        var metadata = File.ReadAllText(Path.Combine(trial, "trial.yaml"));
        var link = Path.Combine(Directory.CreateTempSubdirectory("sanitas-roots-").FullName, "patients.csv");
        File.CreateSymbolicLink(link, "/etc/passwd");
        foreach (var (database, csv) in new[]
        {
            ("/etc/passwd", (string?)null),
            (Path.Combine(trial, "trial.sqlite"), "/etc/passwd"),
            (Path.Combine(trial, "trial.sqlite"), Path.GetTempPath() + "../etc/passwd"),
            (Path.Combine(trial, "trial.sqlite"), link),
        })
        {
            var refused = await steward.PostAsJsonAsync("/api/datasets/register", new { id = "outside", database, metadata, trainingCsv = csv });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.Contains("is not under a folder this server registers files from", detail);
            Assert.DoesNotContain("root:", detail, StringComparison.Ordinal);
        }
        var readings = await steward.PutAsJsonAsync("/api/datasets/trial/timeseries-config", new { readingsCsv = link, config = "patient: PatientId\n" });
        Assert.Equal(HttpStatusCode.BadRequest, readings.StatusCode);
        Assert.Contains("The readings CSV", (await readings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await steward.GetAsync("/api/datasets/outside")).StatusCode);
    }
}
