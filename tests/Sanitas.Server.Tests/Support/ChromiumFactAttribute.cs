namespace Sanitas.Server.Tests.Support;

/// <summary>
/// A browser test: needs Debian's chromium at /usr/bin/chromium (scripts/install-chromium.sh installs
/// it, and .ci/run calls that script). Skipped on a developer machine without it; under CI (CI=true)
/// it runs and fails when chromium is missing, so CI cannot pass without the browser tests.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "No /usr/bin/chromium: run scripts/install-chromium.sh.";
        }
    }
}
