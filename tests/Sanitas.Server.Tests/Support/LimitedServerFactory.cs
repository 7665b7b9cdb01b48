using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sanitas.Server.Tests.Support;

/// <summary>A server without the demo and with tight limits: 20 requests a minute, 1 kB uploads.</summary>
public sealed class LimitedServerFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("sanitas-limits-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Sanitas:DataDir", DataDirectory);
        builder.UseSetting("Sanitas:RequestsPerMinute", "20");
        builder.UseSetting("Sanitas:MaxUploadBytes", "1000");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
