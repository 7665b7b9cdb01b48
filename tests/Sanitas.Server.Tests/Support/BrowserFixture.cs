using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Sanitas.Server.Hosting;

namespace Sanitas.Server.Tests.Support;

/// <summary>
/// A real server on a free local port (Kestrel, the demo loaded on a fresh data directory) and a
/// headless Debian chromium driven by Playwright. Screenshots go to <see cref="Screenshots"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
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
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Login");
        await page.FillAsync("#name", user);
        await page.FillAsync("#password", Passwords[user]);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/Login", StringComparison.Ordinal));
        return page;
    }

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
