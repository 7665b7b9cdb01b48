using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>
/// Every endpoint of the OpenAPI document against every caller (anonymous, analyst, steward, admin):
/// who may call what is the <see cref="Matrix"/> below, data rather than scattered asserts. A caller
/// outside an endpoint's roles gets 403 (anonymous 401) before anything runs; an endpoint missing
/// from the matrix, or a matrix entry missing from the document, fails the test.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RoleMatrixTests(ServerFixture server)
{
    private const string A = "analyst", S = "steward", D = "admin";

    /// <summary>The role matrix: operation → the roles admitted. Analysts reach no raw row, exact aggregate, raw-data risk report or other analyst's budget.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Matrix = new Dictionary<string, string[]>
    {
        ["GET /api/me"] = [A, S, D],
        ["GET /api/users"] = [D],
        ["POST /api/users"] = [D],
        ["GET /api/users/{name}/tokens"] = [D],
        ["POST /api/users/{name}/tokens"] = [D],
        ["DELETE /api/tokens/{tokenId}"] = [D],
        ["GET /api/audit"] = [D],
        ["GET /api/datasets"] = [A, S],
        ["POST /api/datasets"] = [S],
        ["GET /api/datasets/{id}"] = [A, S],
        ["POST /api/datasets/register"] = [S],
        ["PUT /api/datasets/{id}/metadata"] = [S],
        ["GET /api/datasets/{id}/rows"] = [S],
        ["PUT /api/datasets/{id}/budgets/{analyst}"] = [S],
        ["GET /api/datasets/{id}/budgets/{analyst}"] = [S],
        ["GET /api/datasets/{id}/budget"] = [A],
        ["POST /api/datasets/{id}/queries"] = [A],
        ["GET /api/datasets/{id}/queries"] = [A],
        ["POST /api/datasets/{id}/training"] = [A],
        ["GET /api/datasets/{id}/synthesis-config"] = [A, S],
        ["PUT /api/datasets/{id}/synthesis-config"] = [S],
        ["POST /api/datasets/{id}/synthesis"] = [A],
        ["GET /api/datasets/{id}/synthesis-jobs"] = [S],
        ["POST /api/datasets/{id}/synthesis-jobs/{jobId}/evaluation"] = [S],
        ["GET /api/datasets/{id}/timeseries-config"] = [A, S],
        ["PUT /api/datasets/{id}/timeseries-config"] = [S],
        ["POST /api/datasets/{id}/synthesis/timeseries"] = [A],
        ["GET /api/projects"] = [S],
        ["POST /api/projects"] = [S],
        ["GET /api/projects/{id}"] = [S],
        ["PUT /api/projects/{id}/data"] = [S],
        ["PUT /api/projects/{id}/hierarchies/{attribute}"] = [S],
        ["GET /api/projects/{id}/hierarchies/{attribute}"] = [S],
        ["PUT /api/projects/{id}/settings"] = [S],
        ["PUT /api/projects/{id}/config"] = [S],
        ["POST /api/projects/{id}/anonymize"] = [S],
        ["POST /api/projects/{id}/risk"] = [S],
        ["GET /api/jobs"] = [A, S, D],
        ["GET /api/jobs/{jobId}"] = [A, S, D],
        ["DELETE /api/jobs/{jobId}"] = [A, S, D],
        ["GET /api/jobs/{jobId}/files/{file}"] = [A, S, D],
    };

    private static readonly string?[] Callers = [null, A, S, D];

    private async Task<List<(string Key, string Method, string Path, string[] Roles, string? BodyType)>> OperationsAsync()
    {
        var document = await server.As(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var operations = new List<(string, string, string, string[], string?)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var roles = op.Value.TryGetProperty("x-sanitas-roles", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
                var bodyType = op.Value.TryGetProperty("requestBody", out var body) ? body.GetProperty("content").EnumerateObject().First().Name : null;
                operations.Add(($"{op.Name.ToUpperInvariant()} {path.Name}", op.Name.ToUpperInvariant(), path.Name, roles, bodyType));
            }
        }
        return operations;
    }

    [Fact]
    public async Task The_document_and_the_matrix_list_the_same_endpoints_with_the_same_roles()
    {
        var operations = await OperationsAsync();
        Assert.Equal(Matrix.Keys.Order(StringComparer.Ordinal), operations.Select(o => o.Key).Order(StringComparer.Ordinal));
        foreach (var (key, _, _, roles, _) in operations)
        {
            Assert.True(Matrix[key].Order().SequenceEqual(roles.Order()), $"{key}: the document says [{string.Join(", ", roles)}], the matrix [{string.Join(", ", Matrix[key])}].");
        }
    }

    [Fact]
    public async Task Every_endpoint_admits_exactly_its_roles()
    {
        var failures = new List<string>();
        foreach (var (key, method, path, _, bodyType) in await OperationsAsync())
        {
            // Ids that do not exist: an admitted caller gets 400/404/415, never a side effect on the demo's data.
            var url = path.Replace("{id}", "no-such-thing").Replace("{analyst}", "nobody").Replace("{name}", "nobody")
                .Replace("{tokenId}", "tok_none").Replace("{jobId}", "job_none").Replace("{attribute}", "none").Replace("{file}", "none.csv");
            foreach (var caller in Callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                request.Content = bodyType switch
                {
                    null => null,
                    "multipart/form-data" => new MultipartFormDataContent { { new StringContent("x"), "unused" } },
                    _ => new StringContent("{}", Encoding.UTF8, "application/json"),
                };
                using var response = await server.As(caller).SendAsync(request);
                var status = (int)response.StatusCode;
                var admitted = caller is not null && Matrix[key].Contains(caller);
                var expected = caller is null ? "401" : admitted ? "admitted (not 401/403)" : "403";
                var ok = caller is null ? status == 401 : admitted ? status is not (401 or 403) : status == 403;
                if (!ok)
                {
                    failures.Add($"{key} as {caller ?? "anonymous"}: {status}, expected {expected}");
                }
                if (status >= 400)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || body.Contains("   at ", StringComparison.Ordinal))
                    {
                        failures.Add($"{key} as {caller ?? "anonymous"}: {status} is not a problem details document: {body}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task A_revoked_or_unknown_token_is_anonymous()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.As("san_not-a-token").GetAsync("/api/me")).StatusCode);
        var admin = server.As(D);
        (await admin.PostAsJsonAsync("/api/users", new { name = "revoked-one", role = "analyst" })).EnsureSuccessStatusCode();
        var token = await (await admin.PostAsJsonAsync("/api/users/revoked-one/tokens", new { label = "t" })).Content.ReadFromJsonAsync<JsonElement>();
        var client = server.As(token.GetProperty("token").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("revoked-one", me.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tokens/{token.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_does_not_open_the_api()
    {
        // The API takes bearer tokens only, so a browser's cookie cannot be used for cross-site requests to it.
        var client = server.As(null);
        client.DefaultRequestHeaders.Add("Cookie", "sanitas=forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/datasets")).StatusCode);
    }
}
