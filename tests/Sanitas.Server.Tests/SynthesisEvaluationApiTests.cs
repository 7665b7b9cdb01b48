using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sanitas.Cli;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>
/// Fidelity of synthetic data in the service: the analyst's DP fidelity against the released measurements (in the
/// privacy log, no extra ε) and the steward's exact evaluation, which agrees with <c>sanitas synth evaluate</c> on
/// the same files and never reaches the analyst.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SynthesisEvaluationApiTests(ServerFixture server)
{
    private async Task<(HttpClient Analyst, string JobId)> SynthesizeAsync(string analystName, string mechanism = "mst")
    {
        var analyst = await server.NewAnalystAsync(analystName);
        await Succeeds(await server.As("steward").PutAsJsonAsync($"/api/datasets/trial/budgets/{analystName}", new { epsilon = 2, delta = 1e-6 }));
        var started = await analyst.PostAsJsonAsync("/api/datasets/trial/synthesis", new { mechanism, epsilon = 1, delta = 1e-9, rows = 300 });
        await Succeeds(started);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("succeeded", (await ServerFixture.WaitForJobAsync(analyst, id)).GetProperty("status").GetString());
        return (analyst, id);
    }

    [Fact]
    public async Task The_analysts_privacy_log_holds_the_fidelity_against_the_released_measurements_at_no_extra_cost()
    {
        var (analyst, id) = await SynthesizeAsync("f-fidelity");
        var log = await analyst.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/files/privacy-log.json");
        var fidelity = log.GetProperty("fidelity");
        Assert.Contains("no extra privacy cost", fidelity.GetProperty("against").GetString());
        var degrees = fidelity.GetProperty("byDegree").EnumerateArray().ToList();
        Assert.Equal([1, 2], degrees.Select(d => d.GetProperty("degree").GetInt32()));
        // MST on 7 columns releases 7 one-way and 6 tree pairs: each compared, each with its noise-alone TVD.
        Assert.Equal([7, 6], degrees.Select(d => d.GetProperty("count").GetInt32()));
        // On the demo's 60 patients MST merges most cells; a marginal left with one cell is exact after normalizing.
        Assert.All(fidelity.GetProperty("measurements").EnumerateArray(), m =>
        {
            Assert.InRange(m.GetProperty("tvd").GetDouble(), 0, 1);
            if (m.GetProperty("cells").GetInt32() == 1)
            {
                Assert.Equal((0.0, 0.0), (m.GetProperty("tvd").GetDouble(), m.GetProperty("noiseTvd").GetDouble()));
            }
            else
            {
                Assert.InRange(m.GetProperty("noiseTvd").GetDouble(), 1e-6, 1);
            }
        });
        // Only the synthesis' ε was charged.
        Assert.Equal(1, (await analyst.GetFromJsonAsync<JsonElement>("/api/datasets/trial/budget")).GetProperty("epsilonSpent").GetDouble(), 9);
    }

    [Fact]
    public async Task A_steward_evaluates_an_analysts_job_as_synth_evaluate_does_and_the_analyst_never_sees_it()
    {
        var (analyst, synthId) = await SynthesizeAsync("f-evaluated");
        var steward = server.As("steward");

        // The steward lists every analyst's synthesis jobs on the dataset.
        var jobs = await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/synthesis-jobs");
        var listed = jobs.EnumerateArray().Single(j => j.GetProperty("id").GetString() == synthId);
        Assert.Equal("f-evaluated", listed.GetProperty("analyst").GetString());
        Assert.Equal("mst", listed.GetProperty("mechanism").GetString());
        Assert.Equal(1, listed.GetProperty("epsilon").GetDouble());
        Assert.Empty(listed.GetProperty("evaluations").EnumerateArray());

        var started = await steward.PostAsJsonAsync($"/api/datasets/trial/synthesis-jobs/{synthId}/evaluation", new { target = "UlcerHistory" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var evalId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var evaluation = await ServerFixture.WaitForJobAsync(steward, evalId);
        Assert.True(evaluation.GetProperty("status").GetString() == "succeeded", evaluation.GetProperty("error").ToString());
        Assert.Equal(["report.json", "report.html"], evaluation.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var report = await steward.GetStringAsync($"/api/jobs/{evalId}/files/report.json");
        var html = await steward.GetAsync($"/api/jobs/{evalId}/files/report.html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Synthetic data evaluation", await html.Content.ReadAsStringAsync());

        // The same files through the CLI: the synthetic table the analyst downloads, the dataset's CSV, the domain.
        var folder = Directory.CreateTempSubdirectory("sanitas-eval-cli-").FullName;
        try
        {
            var synthetic = Path.Combine(folder, "synthetic.csv");
            await File.WriteAllBytesAsync(synthetic, await analyst.GetByteArrayAsync($"/api/jobs/{synthId}/files/synthetic.csv"));
            var config = Path.Combine(folder, "synth.yaml");
            await File.WriteAllTextAsync(config, (await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/synthesis-config")).GetProperty("config").GetString());
            var cliReport = Path.Combine(folder, "eval.json");
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await SanitasApp.RunAsync(["synth", "evaluate", "--real", Path.Combine(server.DataDirectory, "datasets", "trial", "patients.csv"),
                "--synthetic", synthetic, "--config", config, "--target", "UlcerHistory", "--report", cliReport], output, error);
            Assert.True(code == 0, error.ToString());
            Assert.Equal(await File.ReadAllTextAsync(cliReport), report);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        using (var json = JsonDocument.Parse(report))
        {
            Assert.False(json.RootElement.GetProperty("differentiallyPrivate").GetBoolean());
            Assert.Equal(300, json.RootElement.GetProperty("syntheticRows").GetInt32());
            Assert.InRange(json.RootElement.GetProperty("tvd").GetProperty("twoWay").GetDouble(), 0, 1);
            Assert.Equal("UlcerHistory", json.RootElement.GetProperty("tstr").GetProperty("target").GetString());
        }

        // The steward's listing now shows the evaluation; the audit log has it.
        jobs = await steward.GetFromJsonAsync<JsonElement>("/api/datasets/trial/synthesis-jobs");
        Assert.Equal(evalId, jobs.EnumerateArray().Single(j => j.GetProperty("id").GetString() == synthId).GetProperty("evaluations")[0].GetProperty("id").GetString());
        var audit = await server.As("admin").GetFromJsonAsync<JsonElement>("/api/audit?action=synthesis-evaluate&actor=steward");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("detail").GetString()!.Contains(synthId, StringComparison.Ordinal)
            && a.GetProperty("detail").GetString()!.Contains("f-evaluated", StringComparison.Ordinal));

        // The analyst: no evaluation job, no report, the own job's files unchanged, and no way to start or list evaluations.
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/jobs/{evalId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/jobs/{evalId}/files/report.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/jobs/{evalId}/files/report.html")).StatusCode);
        var own = await analyst.GetFromJsonAsync<JsonElement>("/api/jobs");
        Assert.Equal([synthId], own.EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.DoesNotContain(own.EnumerateArray(), j => j.GetProperty("kind").GetString() == "synth-evaluation");
        var synth = await analyst.GetFromJsonAsync<JsonElement>($"/api/jobs/{synthId}");
        Assert.Equal(["synthetic.csv", "privacy-log.json"], synth.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/jobs/{synthId}/files/report.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/datasets/trial/synthesis-jobs/{synthId}/evaluation", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/datasets/trial/synthesis-jobs")).StatusCode);
    }

    [Fact]
    public async Task A_bad_evaluation_request_is_refused_before_anything_is_queued()
    {
        var (_, synthId) = await SynthesizeAsync("f-refused", "privbayes");
        var steward = server.As("steward");
        async Task<(HttpStatusCode Status, string Body)> Ask(string dataset, string job, object body)
        {
            var response = await steward.PostAsJsonAsync($"/api/datasets/{dataset}/synthesis-jobs/{job}/evaluation", body);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        // A target with more than two cells: refused, naming the columns that fit.
        var target = await Ask("trial", synthId, new { target = "Disease" });
        Assert.Equal(HttpStatusCode.BadRequest, target.Status);
        Assert.Contains("Sex, DiabetesType, Arm, UlcerHistory", target.Body);
        // No such job, or a job of another dataset or kind: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await Ask("trial", "job_none", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Ask("no-such-thing", synthId, new { })).Status);
        var evalStarted = await Ask("trial", synthId, new { });
        Assert.Equal(HttpStatusCode.Accepted, evalStarted.Status);
        var evalId = JsonDocument.Parse(evalStarted.Body).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await Ask("trial", evalId, new { })).Status);
        Assert.Equal("succeeded", (await ServerFixture.WaitForJobAsync(steward, evalId)).GetProperty("status").GetString());
        var before = (await steward.GetFromJsonAsync<JsonElement>("/api/jobs")).GetArrayLength();
        await Ask("trial", synthId, new { target = "Age" });
        Assert.Equal(before, (await steward.GetFromJsonAsync<JsonElement>("/api/jobs")).GetArrayLength());
    }

    private static async Task Succeeds(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
