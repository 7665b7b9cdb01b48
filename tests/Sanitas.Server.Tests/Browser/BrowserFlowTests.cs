using System.Globalization;
using Microsoft.Playwright;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests.Browser;

/// <summary>
/// The two flows in a real browser (headless chromium): a steward from "upload CSV" to "download the
/// anonymized file with its risk report", an analyst from the schema through explain and run to a
/// budget meter that went down; and an analyst opening a steward page gets 403.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BrowserFlowTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static string Write(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sanitas-upload-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [ChromiumFact]
    public async Task A_steward_goes_from_upload_to_the_anonymized_file_and_its_risk_report()
    {
        var page = await browser.SignInAsync("steward");
        Assert.EndsWith("/Steward", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#new-project-id", "ward-study");
        await page.FillAsync("#new-project-name", "Ward study");
        await page.ClickAsync("#create-project");
        await BrowserFixture.ArrivedAsync(page, "/Steward/Project/ward-study$");

        // 1. Data: 60 patients, ages 20-79, two sexes, three zip codes, a diagnosis.
        var rows = Enumerable.Range(0, 60).Select(i => $"{20 + i},{(i % 2 == 0 ? "female" : "male")},{1000 + (i % 3)},{(i % 4 == 0 ? "ulcer" : "none")}");
        await page.SetInputFilesAsync("#data-file", Write("ward.csv", "Age,Sex,Zip,Diagnosis\n" + string.Join("\n", rows) + "\n"));
        await page.ClickAsync("#upload-data");
        await Assertions.Expect(page.Locator("#data-summary")).ToContainTextAsync("60 rows");

        // 2. Hierarchies for the quasi-identifiers, with their previews.
        var ages = string.Join("\n", Enumerable.Range(20, 60).Select(a => $"{a};{a / 10 * 10}-{a / 10 * 10 + 9};*"));
        await page.SetInputFilesAsync("#hierarchy-file-Age", Write("age.csv", ages + "\n"));
        await page.ClickAsync("#upload-hierarchy-Age");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Hierarchy of Age stored: 3 levels");
        await page.SetInputFilesAsync("#hierarchy-file-Sex", Write("sex.csv", "female;*\nmale;*\n"));
        await page.ClickAsync("#upload-hierarchy-Sex");
        await page.SetInputFilesAsync("#hierarchy-file-Zip", Write("zip.csv", "1000;100*;*\n1001;100*;*\n1002;100*;*\n"));
        await page.ClickAsync("#upload-hierarchy-Zip");
        await Assertions.Expect(page.Locator("#step-hierarchies")).ToContainTextAsync("1000 → 100* → *");

        // 3. Roles and the model: the three quasi-identifiers, the diagnosis sensitive, k = 4.
        await page.SelectOptionAsync("#role-Diagnosis", "sensitive");
        await page.FillAsync("#k", "4");
        await page.FillAsync("#max-risk", "0.25");
        await page.ClickAsync("#save-settings");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Settings saved");

        // 4. Anonymize: the job page refreshes until it is done, then shows the loss and the risk.
        await page.ClickAsync("#anonymize");
        await BrowserFixture.ArrivedAsync(page, "/Jobs/job_[^/?]+$");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#anonymization-summary")).ToContainTextAsync("60 records");
        await Assertions.Expect(page.Locator("#risk-summary")).ToContainTextAsync("Verdict pass");
        await browser.ScreenshotAsync(page, "steward-result");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#file-anonymized-csv"));
        var path = Path.Combine(browser.Screenshots, "ward-study-anonymized.csv");
        await download.SaveAsAsync(path);
        var lines = File.ReadAllLines(path);
        Assert.Equal("Age,Sex,Zip,Diagnosis", lines[0]);
        // Every released combination of quasi-identifiers is shared by at least 4 records.
        var classes = lines.Skip(1).GroupBy(l => string.Join(',', l.Split(',').Take(3))).ToList();
        Assert.All(classes, c => Assert.True(c.Count() >= 4, $"class {c.Key} has {c.Count()} records"));
        Assert.DoesNotContain(lines.Skip(1), l => l.StartsWith("20,", StringComparison.Ordinal));

        var report = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("text=Full risk report"));
        await Assertions.Expect(report.Locator("svg").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(report, "steward-risk-report");
    }

    [ChromiumFact]
    public async Task An_analyst_explains_then_runs_a_query_and_the_budget_meter_goes_down()
    {
        var page = await browser.SignInAsync("analyst");
        await page.ClickAsync("text=Smart-insole trial");
        await BrowserFixture.ArrivedAsync(page, "/Analyst/Dataset/trial$");
        await Assertions.Expect(page.Locator("text=privacy unit PatientId").First).ToBeVisibleAsync();
        var before = double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture);

        await page.FillAsync("#sql", "SELECT Sex, AVG(Age) FROM Patients GROUP BY Sex");
        await page.FillAsync("#epsilon", "0.2");
        await page.ClickAsync("#explain");
        await Assertions.Expect(page.Locator("#explanation")).ToContainTextAsync("ε = 0.2");
        Assert.Equal(before, double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture));

        await page.ClickAsync("#run");
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("±");
        await Assertions.Expect(page.Locator("#result tr")).ToHaveCountAsync(3); // header, female, male
        var after = double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture);
        Assert.Equal(before - 0.2, after, 9);
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("AVG(Age)");
        await browser.ScreenshotAsync(page, "analyst-query");

        await page.FillAsync("#sql", "SELECT * FROM Patients");
        await page.ClickAsync("#run");
        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        Assert.Equal(after, double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture), 9);
    }

    [ChromiumFact]
    public async Task An_analyst_starts_a_synthetic_data_job_and_downloads_the_table()
    {
        var page = await browser.SignInAsync("analyst");
        await page.GotoAsync("/Analyst/Dataset/trial");
        var before = double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture);
        await page.SelectOptionAsync("#synth-mechanism", "privbayes");
        await page.FillAsync("#synth-epsilon", "0.25");
        await page.FillAsync("#synth-rows", "40");
        await page.ClickAsync("#synthesize");
        await BrowserFixture.ArrivedAsync(page, "/Jobs/[^/?]+$");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#synthesis-summary")).ToContainTextAsync("privbayes: (ε = 0.25");
        await browser.ScreenshotAsync(page, "analyst-synthesis");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#file-synthetic-csv"));
        var path = Path.Combine(browser.Screenshots, "trial-synthetic.csv");
        await download.SaveAsAsync(path);
        var lines = File.ReadAllLines(path);
        Assert.Equal("Age,Sex,DiabetesType,Arm,Disease,NeuropathyScore,UlcerHistory", lines[0]);
        Assert.Equal(41, lines.Length);
        await page.GotoAsync("/Analyst/Dataset/trial");
        Assert.Equal(before - 0.25, double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture), 9);

        // A bad request is refused on the page, before any charge.
        await page.FillAsync("#synth-epsilon", "-1");
        await page.ClickAsync("#synthesize");
        await Assertions.Expect(page.Locator("#synth-error")).ToContainTextAsync("epsilon");
        Assert.Equal(before - 0.25, double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture), 9);
    }

    [ChromiumFact]
    public async Task A_steward_edits_the_synthesis_domain_and_a_bad_one_is_refused_with_its_place()
    {
        var page = await browser.SignInAsync("steward");
        await page.GotoAsync("/Steward/Dataset/trial");
        var current = await page.InputValueAsync("#synthesis-config");
        Assert.Contains("unit: PatientId", current);
        await page.FillAsync("#synthesis-config", "unit: PatientId\ncolumns:\n  Shoe: [small, large]\n");
        await page.ClickAsync("#save-synthesis");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("'Shoe'");
        // The refused text stays in the form to be fixed; the stored domain is unchanged.
        Assert.Contains("Shoe", await page.InputValueAsync("#synthesis-config"));
        await page.GotoAsync("/Steward/Dataset/trial");
        Assert.Equal(current.ReplaceLineEndings(), (await page.InputValueAsync("#synthesis-config")).ReplaceLineEndings());
        await page.FillAsync("#synthesis-config", current);
        await page.ClickAsync("#save-synthesis");
        await Assertions.Expect(page.Locator("text=Synthesis domain saved.")).ToBeVisibleAsync();
    }

    [ChromiumFact]
    public async Task A_steward_evaluates_an_analysts_synthetic_table_and_opens_the_report()
    {
        // The analyst's job page shows the DP fidelity against the released measurements.
        var analyst = await browser.SignInAsync("analyst");
        await analyst.GotoAsync("/Analyst/Dataset/trial");
        await analyst.SelectOptionAsync("#synth-mechanism", "mst");
        await analyst.FillAsync("#synth-epsilon", "0.2");
        await analyst.FillAsync("#synth-rows", "50");
        await analyst.ClickAsync("#synthesize");
        await BrowserFixture.ArrivedAsync(analyst, "/Jobs/[^/?]+$");
        await Assertions.Expect(analyst.Locator("#status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(analyst.Locator("h3", new() { HasText = "Fidelity against the released measurements" })).ToBeVisibleAsync();
        await Assertions.Expect(analyst.Locator("#fidelity")).ToContainTextAsync("2-way");
        await browser.ScreenshotAsync(analyst, "analyst-synthesis-fidelity");
        var synthId = new Uri(analyst.Url).Segments[^1];

        // The steward finds it on the dataset's page, evaluates it against the real rows and opens the report.
        var page = await browser.SignInAsync("steward");
        await page.GotoAsync("/Steward/Dataset/trial");
        await page.SelectOptionAsync($"tr[data-job='{synthId}'] select[name=target]", "UlcerHistory");
        await page.ClickAsync($"#evaluate-{synthId}");
        await BrowserFixture.ArrivedAsync(page, "/Jobs/[^/?]+$");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#evaluation-summary")).ToContainTextAsync("50 synthetic rows");
        await Assertions.Expect(page.Locator("#evaluation-summary")).ToContainTextAsync("Train on synthetic, test on real (UlcerHistory)");
        await Assertions.Expect(page.Locator("#evaluation-tvd")).ToContainTextAsync("3-way");
        // Beside it, what the analyst was given: the DP fidelity against the released measurements.
        await Assertions.Expect(page.Locator("h3", new() { HasText = "The release analyst received" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#fidelity")).ToContainTextAsync("2-way");
        await browser.ScreenshotAsync(page, "steward-synthesis-evaluation");
        var evalId = new Uri(page.Url).Segments[^1];
        var report = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("#open-report"));
        await Assertions.Expect(report.Locator("h1")).ToHaveTextAsync("Synthetic data evaluation");

        // The analyst cannot open the evaluation.
        Assert.Equal(404, (await analyst.GotoAsync($"/Jobs/{evalId}"))!.Status);
        Assert.Equal(404, (await analyst.GotoAsync($"/Jobs/{evalId}?handler=File&name=report.html"))!.Status);
    }

    [ChromiumFact]
    public async Task An_analyst_synthesizes_readings_sees_the_per_patient_guarantee_and_downloads_them()
    {
        var page = await browser.SignInAsync("analyst");
        await page.GotoAsync("/Analyst/Dataset/trial");
        var before = double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture);
        // The job's public limit, from the steward's settings (200 measurements of 2 feet × 4 sensors, 2,000,000 readings).
        await Assertions.Expect(page.Locator("text=Up to 1,250 synthetic patients per job")).ToBeVisibleAsync();
        await page.FillAsync("#readings-epsilon", "0.3");
        await page.FillAsync("#readings-patients", "3");
        await page.ClickAsync("#synthesize-readings");
        await BrowserFixture.ArrivedAsync(page, "/Jobs/[^/?]+$");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#timeseries-summary")).ToContainTextAsync("(ε = 0.3, δ = 1E-09)-DP per patient");
        await Assertions.Expect(page.Locator("#timeseries-summary")).ToContainTextAsync("3 synthetic patients");
        await Assertions.Expect(page.Locator("#timeseries-guarantee")).ToContainTextAsync("all of their readings");
        await browser.ScreenshotAsync(page, "analyst-synthetic-readings");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#file-synthetic-readings-csv"));
        var path = Path.Combine(browser.Screenshots, "trial-synthetic-readings.csv");
        await download.SaveAsAsync(path);
        var lines = File.ReadAllLines(path);
        Assert.Equal("PatientId,Time,Foot,Sensor,Temperature", lines[0]);
        Assert.Equal(3, lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());
        await page.GotoAsync("/Analyst/Dataset/trial");
        Assert.Equal(before - 0.3, double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture), 9);

        // A bad request is refused on the page, before any charge.
        await page.FillAsync("#readings-patients", "0");
        await page.ClickAsync("#synthesize-readings");
        await Assertions.Expect(page.Locator("#readings-error")).ToContainTextAsync("'patients' must be between 1 and");
        Assert.Equal(before - 0.3, double.Parse(await page.Locator("#budget").GetAttributeAsync("data-remaining") ?? "", CultureInfo.InvariantCulture), 9);
    }

    [ChromiumFact]
    public async Task A_steward_edits_the_readings_settings_and_a_bad_one_is_refused_with_its_place()
    {
        var page = await browser.SignInAsync("steward");
        await page.GotoAsync("/Steward/Dataset/trial");
        var current = await page.InputValueAsync("#timeseries-config");
        Assert.Contains("patient: PatientId", current);
        Assert.EndsWith("readings.csv", await page.InputValueAsync("#timeseries-readings"));
        await page.FillAsync("#timeseries-config", "columns:\n  patient: PatientId\n  temperature: Celsius\n");
        await page.ClickAsync("#save-timeseries");
        await Assertions.Expect(page.Locator("#timeseries-error")).ToContainTextAsync("line 3");
        await Assertions.Expect(page.Locator("#timeseries-error")).ToContainTextAsync("'Celsius' is not in readings.csv");
        // The refused text stays in the form to be fixed; the stored settings are unchanged.
        Assert.Contains("Celsius", await page.InputValueAsync("#timeseries-config"));
        await page.GotoAsync("/Steward/Dataset/trial");
        Assert.Equal(current.ReplaceLineEndings(), (await page.InputValueAsync("#timeseries-config")).ReplaceLineEndings());
        await page.ClickAsync("#save-timeseries");
        await Assertions.Expect(page.Locator("#timeseries-message")).ToHaveTextAsync("Time-series settings saved.");
    }

    [ChromiumFact]
    public async Task An_analyst_opening_a_steward_page_gets_403()
    {
        var page = await browser.SignInAsync("analyst");
        foreach (var url in new[] { "/Steward", "/Steward/Project/adult", "/Steward/Dataset/trial", "/Admin" })
        {
            var response = await page.GotoAsync(url);
            Assert.Equal(403, response!.Status);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("403 Forbidden");
        }
        await browser.ScreenshotAsync(page, "analyst-forbidden");
        var anonymous = await (await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl })).NewPageAsync();
        await anonymous.GotoAsync("/Steward");
        Assert.Contains("/Login", anonymous.Url, StringComparison.Ordinal);
    }
}
