using Sanitas.Server.Demo;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Hosting;

/// <summary>On start: creates the store's tables, marks jobs interrupted by the last stop as failed, and loads the demo when asked.</summary>
internal sealed class ServerInitializer(ServerStore store, ServerOptions options, ILogger<ServerInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var interrupted = await store.FailInterruptedJobsAsync(cancellationToken).ConfigureAwait(false);
        if (interrupted > 0)
        {
            logger.LogWarning("{Count} job(s) interrupted by the last stop were marked failed.", interrupted);
        }
        if (options.Demo)
        {
            await DemoSeeder.SeedAsync(store, options, logger, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
