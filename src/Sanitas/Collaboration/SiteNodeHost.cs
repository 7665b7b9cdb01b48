using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sanitas.Privacy;

namespace Sanitas.Collaboration;

/// <summary>
/// A centre's node served over HTTP by Kestrel: <c>POST /sanitas/collaboration/v1</c> takes a signed
/// request and returns the signed answer; <c>GET /sanitas/collaboration/v1/identity</c> shows the site's
/// name and key fingerprint. A refused request is a problem+json answer with the reason.
/// </summary>
public sealed class SiteNodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SiteNode _node;

    private SiteNodeHost(WebApplication app, SiteNode node, Uri address)
    {
        _app = app;
        _node = node;
        Address = address;
    }

    /// <summary>The address the node listens on (with the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>The site's name.</summary>
    public string Site => _node.Name;

    /// <summary>Loads the site's data and starts listening.</summary>
    /// <param name="options">The site's identity, consortium, data and ledger.</param>
    /// <param name="listen">The URL to listen on, e.g. http://127.0.0.1:5101 (port 0: any free port).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running node.</returns>
    public static async Task<SiteNodeHost> StartAsync(SiteNodeOptions options, string listen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var consortium = options.Consortium;
        var data = SiteData.Load(options.DataPath, consortium.Features, consortium.Label, consortium.Positive);
        return await StartAsync(options, data, listen, SecureRandom.Instance, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<SiteNodeHost> StartAsync(SiteNodeOptions options, SiteData data, string listen, IRandomBits random, CancellationToken cancellationToken)
    {
        var node = new SiteNode(options, data, random);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(listen);
        // Secure training's rounds carry a few megabytes per party (masked shares of every row).
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 256L << 20);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(CollaborationJson.Options.Converters[0]));
        var app = builder.Build();
        app.MapPost("/" + HttpSiteChannel.Path, (SignedEnvelope request, CancellationToken ct) => HandleAsync(node, request, ct));
        app.MapGet("/" + HttpSiteChannel.Path + "/identity", () => Results.Json(new
        {
            site = node.Name,
            publicKey = options.Identity.PublicKeyPem,
            fingerprint = SiteIdentity.Fingerprint(options.Identity.PublicKeyPem),
        }));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(app.Urls.First());
        return new SiteNodeHost(app, node, address);
    }

    private static async Task<IResult> HandleAsync(SiteNode node, SignedEnvelope request, CancellationToken ct)
    {
        try
        {
            var answer = await node.HandleAsync(request, ct).ConfigureAwait(false);
            return Results.Json(answer, CollaborationJson.Options);
        }
        catch (CollaborationException e)
        {
            return Results.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Request refused");
        }
        catch (PrivacyBudgetExceededException e)
        {
            return Results.Problem(detail: e.Message, statusCode: StatusCodes.Status409Conflict, title: "Budget exceeded");
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (Ctrl+C).</summary>
    /// <param name="cancellationToken">Stops the node.</param>
    /// <returns>A task that ends when the node stopped.</returns>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _node.Dispose();
    }
}
