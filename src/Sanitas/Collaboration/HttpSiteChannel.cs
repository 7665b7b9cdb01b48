using System.Text.Json;

namespace Sanitas.Collaboration;

/// <summary>
/// A centre reached over HTTP: each request has its own timeout; a timeout or a refused connection is
/// retried with doubling back-off up to a bound, then the centre is a dropout. A centre that answers with
/// an error (a refused request) is not retried: its message is passed on, naming the centre.
/// </summary>
internal sealed class HttpSiteChannel(string site, Uri baseUrl, HttpClient client, TimeSpan timeout, int retries) : ISiteChannel
{
    public const string Path = "sanitas/collaboration/v1";
    private long _bytes;

    public string Site => site;

    public long Bytes => Interlocked.Read(ref _bytes);

    public async Task<SignedEnvelope> SendAsync(SignedEnvelope request, CancellationToken cancellationToken)
    {
        // UTF-8 bytes end to end: a secure-training round carries megabytes, and a UTF-16 string of it (and its copies) would double that.
        var body = JsonSerializer.SerializeToUtf8Bytes(request, CollaborationJson.Options);
        var backoff = TimeSpan.FromMilliseconds(200);
        Exception? last = null;
        for (var attempt = 0; attempt <= retries; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptToken.CancelAfter(timeout);
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var response = await client.PostAsync(new Uri(baseUrl, Path), content, attemptToken.Token).ConfigureAwait(false);
                var answer = await response.Content.ReadAsByteArrayAsync(attemptToken.Token).ConfigureAwait(false);
                Interlocked.Add(ref _bytes, body.Length + answer.Length);
                if (!response.IsSuccessStatusCode)
                {
                    var problem = TryReadError(System.Text.Encoding.UTF8.GetString(answer));
                    throw new CollaborationException($"Site '{site}' refused the request ({(int)response.StatusCode}): {problem}");
                }
                return JsonSerializer.Deserialize<SignedEnvelope>(answer, CollaborationJson.Options)
                    ?? throw new CollaborationException($"Site '{site}' sent an empty answer.");
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or HttpRequestException)
            {
                last = e;
                if (attempt < retries)
                {
                    await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                    backoff *= 2;
                }
            }
        }
        throw new SiteUnavailableException(site, $"Site '{site}' did not answer within {timeout.TotalSeconds:0.#} s after {retries + 1} attempts; it is a dropout.", last);
    }

    private static string TryReadError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            return text.Length > 300 ? text[..300] : text;
        }
    }
}
