using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sanitas.Privacy;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>
/// Synthetic insole readings as a job: the steward's readings table and settings, the analyst's charge,
/// and what a hostile or unlucky request gets. The mechanism is the library's (audited in
/// Sanitas.Tests' SynthesisAuditTests on neighbouring datasets); what the service adds is asserted here:
/// the charge (exactly the request's ε and δ, to the caller, on this dataset, once) and the refusals
/// before it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TimeSeriesSynthesisApiTests(ServerFixture server)
{
    private const string Url = "/api/datasets/trial/synthesis/timeseries";

    [Fact]
    public async Task An_analyst_synthesizes_the_trials_readings_charged_exactly_epsilon_to_their_budget()
    {
        var analyst = await server.NewAnalystAsync("ts-synth");
        await Succeeds(await server.As("steward").PutAsJsonAsync("/api/datasets/trial/budgets/ts-synth", new { epsilon = 1, delta = 1e-6 }));
        // The settings are public: analysts read the bounds before they spend anything.
        var settings = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/timeseries-config");
        Assert.Equal("readings.csv", settings.GetProperty("readings").GetString());
        Assert.Contains("patient: PatientId", settings.GetProperty("config").GetString());
        var started = await analyst.PostAsJsonAsync(Url, new { epsilon = 0.5, delta = 1e-9, patients = 4 });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var job = await ServerFixture.WaitForJobAsync(analyst, id);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("synth-timeseries", job.GetProperty("kind").GetString());
        Assert.Equal(["synthetic-readings.csv", "privacy-log.json"], job.GetProperty("files").EnumerateArray().Select(f => f.GetString()));

        var lines = (await analyst.GetStringAsync($"/api/jobs/{id}/files/synthetic-readings.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("PatientId,Time,Foot,Sensor,Temperature", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(4, rows.Select(r => r[0]).Distinct().Count());
        // At most 200 measurements (the settings' maxMeasurements) of 2 feet × 4 sensors per synthetic patient.
        Assert.InRange(rows.Length, 4 * 8 * 2, 4 * 8 * 200);
        foreach (var r in rows)
        {
            Assert.Contains(r[2], new[] { "left", "right" });
            Assert.Contains(r[3], new[] { "hallux", "metatarsal1", "metatarsal5", "heel" });
            Assert.InRange(double.Parse(r[4], CultureInfo.InvariantCulture), 20, 40);
            Assert.True(DateTime.TryParseExact(r[1], "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), r[1]);
        }

        var log = await analyst.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files/privacy-log.json");
        Assert.Equal("timeseries", log.GetProperty("mechanism").GetString());
        Assert.Equal((0.5, 1e-9, 4), (log.GetProperty("epsilon").GetDouble(), log.GetProperty("delta").GetDouble(), log.GetProperty("syntheticPatients").GetInt32()));
        // ρ is the largest zCDP budget whose (ε, δ)-DP conversion holds: converting back gives the request's δ.
        var rho = log.GetProperty("rho").GetDouble();
        Assert.InRange(PrivacyConversions.DeltaForEpsilon(new ZeroConcentratedDp(rho), 0.5), 0.999e-9, 1.000001e-9);
        Assert.Equal(rho, log.GetProperty("rhoSpent").GetDouble(), 12);
        // The model's bounds are the steward's settings (samples/clinical/trial-readings-synth.yaml), never the data's.
        var baseline = log.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "baseline");
        Assert.Equal((26.0, 33.0), (baseline.GetProperty("low").GetDouble(), baseline.GetProperty("high").GetDouble()));

        // The service's part: one charge of exactly (ε, δ) to the caller on this dataset, in the ledger and the audit log.
        var budget = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget");
        Assert.Equal(0.5, budget.GetProperty("epsilonSpent").GetDouble(), 12);
        Assert.Equal(1e-9, budget.GetProperty("deltaSpent").GetDouble(), 15);
        var history = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/queries");
        var charge = Assert.Single(history.EnumerateArray());
        Assert.Equal((0.5, "synth timeseries on readings.csv"), (charge.GetProperty("epsilon").GetDouble(), charge.GetProperty("what").GetString()));
        var audit = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?actor=ts-synth&action=charge");
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal(("synth timeseries", "trial", 0.5), (entry.GetProperty("detail").GetString(), entry.GetProperty("dataset").GetString(), entry.GetProperty("epsilon").GetDouble()));
        // The readings are a release of the analyst's own job: another analyst gets nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await server.As("analyst").GetAsync($"/api/jobs/{id}/files/synthetic-readings.csv")).StatusCode);
    }

    [Fact]
    public async Task A_bad_or_over_budget_request_is_refused_before_any_charge()
    {
        var analyst = await server.NewAnalystAsync("ts-refused");
        await Succeeds(await server.As("steward").PutAsJsonAsync("/api/datasets/trial/budgets/ts-refused", new { epsilon = 0.3, delta = 1e-6 }));
        async Task<(HttpStatusCode Status, string Body)> Ask(object request, string url = Url)
        {
            var response = await analyst.PostAsJsonAsync(url, request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        var noPatients = await Ask(new { epsilon = 0.1, delta = 1e-9 });
        Assert.Equal(HttpStatusCode.BadRequest, noPatients.Status);
        Assert.Contains("'patients' must be between 1 and 1,250", noPatients.Body);
        Assert.Equal(HttpStatusCode.BadRequest, (await Ask(new { epsilon = 0.1, delta = 1e-9, patients = 0 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Ask(new { epsilon = 0.1, delta = 1e-9, patients = 1_251 })).Status);
        Assert.Contains("'epsilon'", (await Ask(new { epsilon = -1, delta = 1e-9, patients = 5 })).Body);
        Assert.Contains("'epsilon'", (await Ask(new { delta = 1e-9, patients = 5 })).Body);
        var noDelta = await Ask(new { epsilon = 0.1, delta = 0, patients = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, noDelta.Status);
        Assert.Contains("'delta'", noDelta.Body);
        var over = await Ask(new { epsilon = 0.5, delta = 1e-9, patients = 5 });
        Assert.Equal(HttpStatusCode.Conflict, over.Status);
        Assert.Contains("Nothing was charged", over.Body);
        Assert.Equal(HttpStatusCode.NotFound, (await Ask(new { epsilon = 0.1, delta = 1e-9, patients = 5 }, "/api/datasets/no-such/synthesis/timeseries")).Status);
        // Nothing was charged and no job was started by any of these.
        var budget = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget");
        Assert.Equal((0.0, 0.0), (budget.GetProperty("epsilonSpent").GetDouble(), budget.GetProperty("deltaSpent").GetDouble()));
        Assert.Empty((await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/queries")).EnumerateArray());
        Assert.Empty((await analyst.GetFromJsonAsync<JsonElement>("/api/jobs")).EnumerateArray());
        // An analyst without a grant on the dataset is refused too.
        var stranger = await server.NewAnalystAsync("ts-stranger");
        Assert.Equal(HttpStatusCode.Conflict, (await stranger.PostAsJsonAsync(Url, new { epsilon = 0.1, delta = 1e-9, patients = 5 })).StatusCode);
    }

    [Fact]
    public async Task A_dataset_without_readings_settings_offers_no_synthetic_readings()
    {
        var trial = Path.Combine(server.DataDirectory, "datasets", "trial");
        var steward = server.As("steward");
        await Succeeds(await steward.PostAsJsonAsync("/api/datasets/register", new
        {
            id = "trial-no-readings",
            database = Path.Combine(trial, "trial.sqlite"),
            metadata = File.ReadAllText(Path.Combine(trial, "trial.yaml")),
        }));
        var analyst = await server.NewAnalystAsync("ts-none");
        await Succeeds(await steward.PutAsJsonAsync("/api/datasets/trial-no-readings/budgets/ts-none", new { epsilon = 1, delta = 1e-6 }));
        var refused = await analyst.PostAsJsonAsync("/api/datasets/trial-no-readings/synthesis/timeseries", new { epsilon = 0.1, delta = 1e-9, patients = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("offers no synthetic readings", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/datasets/trial-no-readings/timeseries-config")).StatusCode);
        Assert.Equal(0, (await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial-no-readings/budget")).GetProperty("epsilonSpent").GetDouble());
        // The first PUT must name the readings CSV.
        var noCsv = await steward.PutAsJsonAsync("/api/datasets/trial-no-readings/timeseries-config", new { config = "maxMeasurements: 100\n" });
        Assert.Equal(HttpStatusCode.BadRequest, noCsv.StatusCode);
        Assert.Contains("'readingsCsv' is required", await noCsv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_stewards_settings_are_checked_against_the_readings_and_the_person_before_they_are_stored()
    {
        var steward = server.As("steward");
        var before = await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/timeseries-config");
        var current = before.GetProperty("config").GetString()!;
        async Task<string> Refused(object request)
        {
            var response = await steward.PutAsJsonAsync("/api/datasets/trial/timeseries-config", request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
            return body;
        }
        // A column the CSV lacks: the error names the key's line and the CSV's columns.
        var missing = await Refused(new { config = "feet: [left, right]\ncolumns:\n  patient: PatientId\n  temperature: Celsius\n" });
        Assert.Contains("line 4", missing);
        Assert.Contains("'Celsius' is not in readings.csv; its columns are: PatientId, Time, Foot, Sensor, Temperature", missing);
        // A patient column that is not the metadata's person: the per-patient guarantee would not be per person.
        var person = await Refused(new { config = "columns:\n  patient: Sensor\n  sensor: PatientId\n" });
        Assert.Contains("line 2", person);
        Assert.Contains("the metadata's table 'Readings' declares the person as 'PatientId'", person);
        // Bad YAML values, with their place.
        var bounds = await Refused(new { config = "temperature: { min: 20, max: 40 }\nbaseline: { min: 33, max: 26 }\n" });
        Assert.Contains("line 2", bounds);
        Assert.Contains("'baseline.max' must be above its min", bounds);
        Assert.Contains("'readingNoiseMax' must be above 0", await Refused(new { config = "readingNoiseMax: -1\n" }));
        // A CSV that is not there, or not the readings.
        Assert.Contains("No readings CSV at", await Refused(new { readingsCsv = Path.Combine(server.DataDirectory, "nowhere.csv"), config = current }));
        var patients = await Refused(new { readingsCsv = Path.Combine(server.DataDirectory, "datasets", "trial", "patients.csv"), config = current });
        Assert.Contains("'Time' is not in patients.csv", patients);
        Assert.Contains("'config' is required", await Refused(new { config = "" }));
        // Nothing was replaced by the refused requests; analysts cannot set settings.
        var after = await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/timeseries-config");
        Assert.Equal((current, "readings.csv"), (after.GetProperty("config").GetString(), after.GetProperty("readings").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await server.As("analyst").PutAsJsonAsync("/api/datasets/trial/timeseries-config", new { config = current })).StatusCode);
        // A valid PUT without 'readingsCsv' keeps the stored CSV, and is audited.
        await Succeeds(await steward.PutAsJsonAsync("/api/datasets/trial/timeseries-config", new { config = current }));
        var audit = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?action=timeseries-config-set&dataset=trial");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("actor").GetString() == "steward"
            && a.GetProperty("detail").GetString() == "readings readings.csv, person PatientId, at most 200 measurements each");
    }

    [Fact]
    public async Task A_job_that_fails_after_its_charge_says_nothing_about_the_data()
    {
        // A readings CSV whose last line is malformed and carries a value: read only after the charge,
        // so its error (which would name the line and the value) must not reach the analyst.
        var trial = Path.Combine(server.DataDirectory, "datasets", "trial");
        var folder = Directory.CreateTempSubdirectory("sanitas-ts-broken-").FullName;
        var csv = Path.Combine(folder, "readings.csv");
        File.Copy(Path.Combine(trial, "readings.csv"), csv);
        File.AppendAllText(csv, "\"P-SECRET-4711,unterminated\n");
        var steward = server.As("steward");
        await Succeeds(await steward.PostAsJsonAsync("/api/datasets/register", new
        {
            id = "trial-ts-broken",
            database = Path.Combine(trial, "trial.sqlite"),
            metadata = File.ReadAllText(Path.Combine(trial, "trial.yaml")),
        }));
        var settings = (await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/timeseries-config")).GetProperty("config").GetString();
        await Succeeds(await steward.PutAsJsonAsync("/api/datasets/trial-ts-broken/timeseries-config", new { readingsCsv = csv, config = settings }));
        var analyst = await server.NewAnalystAsync("ts-broken");
        await Succeeds(await steward.PutAsJsonAsync("/api/datasets/trial-ts-broken/budgets/ts-broken", new { epsilon = 1, delta = 1e-6 }));
        var started = await analyst.PostAsJsonAsync("/api/datasets/trial-ts-broken/synthesis/timeseries", new { epsilon = 0.4, delta = 1e-9, patients = 3 });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await ServerFixture.WaitForJobAsync(analyst, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        // One fixed sentence: no value, no line number, whatever the cause.
        Assert.Equal("Synthesis of readings failed after the ε was charged; the charge stands and no readings were released.", job.GetProperty("error").GetString());
        Assert.Empty(job.GetProperty("files").EnumerateArray());
        // The charge stands (the release could have happened), in the ledger and in the audit log.
        Assert.Equal(0.4, (await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial-ts-broken/budget")).GetProperty("epsilonSpent").GetDouble(), 12);
        var audit = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?actor=ts-broken&action=charge");
        Assert.Equal("synth timeseries", Assert.Single(audit.EnumerateArray()).GetProperty("detail").GetString());
    }

    [PostgresFact]
    public async Task The_readings_settings_are_stored_and_replaced_on_postgresql()
    {
        var store = new Storage.ServerStore(PostgresFactAttribute.RequireIsolated());
        await store.EnsureCreatedAsync();
        Assert.Null(await store.TimeSeriesConfigAsync("d"));
        await store.SetTimeSeriesConfigAsync("d", "/data/readings.csv", "maxMeasurements: 100\n", "steward");
        await store.SetTimeSeriesConfigAsync("d", "/data/readings-2.csv", "maxMeasurements: 50\n", "steward2");
        var stored = await store.TimeSeriesConfigAsync("d");
        Assert.Equal(("d", "/data/readings-2.csv", "maxMeasurements: 50\n", "steward2"), (stored!.Dataset, stored.ReadingsCsv, stored.ConfigYaml, stored.UpdatedBy));
        // Creating the tables again (a restart, or an older store gaining the table) keeps the settings.
        await store.EnsureCreatedAsync();
        Assert.Equal("/data/readings-2.csv", (await store.TimeSeriesConfigAsync("d"))!.ReadingsCsv);
    }

    private static async Task Succeeds(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
