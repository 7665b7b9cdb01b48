using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Sanitas.Server.Hosting;

namespace Sanitas.Server.Tests.Support;

/// <summary>
/// A real server on a free local port (Kestrel, the demo loaded on a fresh data directory) and a
/// headless Debian chromium driven by Playwright. Screenshots go to <see cref="Screenshots"/>.
/// </summary>
public sealed partial class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// How long a page action or navigation may take. CI runs the two test assemblies side by side on two cores,
    /// so a page that renders in milliseconds on a quiet machine has taken over 30 s (Playwright's default) there.
    /// </summary>
    private const float ActionTimeoutMs = 120_000;

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("sanitas-browser-tests-").FullName;

    public string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Passwords { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.Executable) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return; // the tests are skipped
        }
        _app = ServerHost.Build(["--urls=http://127.0.0.1:0", $"--Sanitas:DataDir={DataDirectory}", "--Sanitas:Demo=true", "--Sanitas:DemoPatients=60",
            "--Sanitas:RequestsPerMinute=100000", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
        Passwords = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(DataDirectory, "demo-passwords.json")))!;
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context signed in as a demo user.</summary>
    public async Task<IPage> SignInAsync(string user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, AcceptDownloads = true });
        context.SetDefaultTimeout(ActionTimeoutMs);
        context.SetDefaultNavigationTimeout(ActionTimeoutMs);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Login");
        await page.FillAsync("#name", user);
        await page.FillAsync("#password", Passwords[user]);
        await page.ClickAsync("#sign-in");
        // Polls the address only (see ArrivedAsync).
        await Assertions.Expect(page).Not.ToHaveURLAsync(LoginPage(), new() { Timeout = ActionTimeoutMs });
        return page;
    }

    /// <summary>
    /// Waits until the page's address matches <paramref name="path"/> (a regular expression), polling the address
    /// only. Playwright's WaitForURLAsync also waits for the new page's load event, and that wait has hung past its
    /// timeout on a loaded machine after the address had changed (a sign-in on CI, a project page in a helper's run);
    /// what the test does next waits for its own elements anyway.
    /// </summary>
    public static Task ArrivedAsync(IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(path), new() { Timeout = ActionTimeoutMs });

    [GeneratedRegex("/Login", RegexOptions.IgnoreCase)]
    private static partial Regex LoginPage();

    public Task ScreenshotAsync(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp cleaning
        }
    }
}
