using System.Net;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>Limits and headers (a server allowing 20 requests a minute and 1 kB bodies): rate limiting, the upload size limit, security headers.</summary>
public sealed class LimitsTests(LimitedServerFactory server) : IClassFixture<LimitedServerFactory>
{
    [Fact]
    public async Task Past_the_rate_limit_a_caller_gets_429_problem_details()
    {
        var client = server.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            statuses.Add((await client.GetAsync("/openapi/v1.json")).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) <= 20);
        var refused = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_with_413_problem_details()
    {
        var client = server.CreateClient();
        using var body = new ByteArrayContent(new byte[5000]);
        body.Headers.ContentType = new("application/json");
        var response = await client.PostAsync("/api/datasets/register", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var small = new ByteArrayContent(new byte[500]);
        small.Headers.ContentType = new("application/json");
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("/api/datasets/register", small)).StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var response = await server.CreateClient().GetAsync("/Login");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
