using System.Text.Json;

namespace Sanitas.Collaboration;

/// <summary>A centre in the same process (tests, benchmarks): the same signed envelopes and JSON as over HTTP, without sockets.</summary>
internal sealed class InProcessSiteChannel(SiteNode node, TimeSpan timeout) : ISiteChannel
{
    private long _bytes;

    public string Site => node.Name;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>A delay before each answer, to simulate a late centre.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Requests whose payload matches are never answered (a centre that goes away mid-protocol).</summary>
    public Func<string, bool>? Unanswered { get; set; }

    /// <summary>Rewrites each answer before it is returned (a tampering network).</summary>
    public Func<SignedEnvelope, SignedEnvelope>? Tamper { get; set; }

    public async Task<SignedEnvelope> SendAsync(SignedEnvelope request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(request, CollaborationJson.Options);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, attempt.Token).ConfigureAwait(false);
            }
            if (Unanswered?.Invoke(request.Payload) == true)
            {
                await Task.Delay(Timeout.Infinite, attempt.Token).ConfigureAwait(false);
            }
            var answer = await node.HandleAsync(JsonSerializer.Deserialize<SignedEnvelope>(body, CollaborationJson.Options)!, attempt.Token).ConfigureAwait(false);
            var text = JsonSerializer.Serialize(Tamper is null ? answer : Tamper(answer), CollaborationJson.Options);
            Interlocked.Add(ref _bytes, body.Length + text.Length);
            return JsonSerializer.Deserialize<SignedEnvelope>(text, CollaborationJson.Options)!;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SiteUnavailableException(Site, $"Site '{Site}' did not answer within {timeout.TotalSeconds:0.#} s; it is a dropout.", e);
        }
    }
}
