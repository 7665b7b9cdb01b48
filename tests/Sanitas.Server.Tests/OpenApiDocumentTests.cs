using System.Text.Json;
using System.Text.Json.Nodes;
using Sanitas.Server.Tests.Support;

namespace Sanitas.Server.Tests;

/// <summary>
/// The API contract is committed as docs/openapi.json so that a change shows in review: the served
/// document must equal it (regenerate with SANITAS_UPDATE_OPENAPI=1 and commit the diff).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OpenApiDocumentTests(ServerFixture server)
{
    private static string Committed()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sanitas.sln")))
            {
                return Path.Combine(dir.FullName, "docs", "openapi.json");
            }
        }
        throw new DirectoryNotFoundException("No Sanitas.sln above the test's folder.");
    }

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        var served = JsonNode.Parse(await server.As(null).GetStringAsync("/openapi/v1.json"))!;
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Committed();
        if (Environment.GetEnvironmentVariable("SANITAS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, text);
        }
        Assert.True(File.Exists(path), $"{path} is missing: run the test with SANITAS_UPDATE_OPENAPI=1.");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(path)), served),
            "The OpenAPI document changed: run the server tests with SANITAS_UPDATE_OPENAPI=1 and commit docs/openapi.json.");
        // Every operation has a summary, its roles, and problem details for 401 and 403.
        foreach (var path2 in served["paths"]!.AsObject())
        {
            foreach (var op in path2.Value!.AsObject())
            {
                Assert.False(string.IsNullOrEmpty((string?)op.Value!["summary"]), $"{op.Key} {path2.Key} has no summary");
                Assert.NotNull(op.Value["x-sanitas-roles"]);
                Assert.NotNull(op.Value["responses"]!["403"]?["content"]?["application/problem+json"]);
            }
        }
    }
}
