using System.Text.Json;
using Sanitas.Collaboration;

namespace Sanitas.Tests.Collaboration;

public sealed class SignedEnvelopeTests
{
    [Fact]
    public void Wire_form_is_the_plain_json_object_and_round_trips_any_payload()
    {
        var payload = "{\"step\":\"smpc\",\"x\":\"a\\\"b\\\\c\",\"t\":\"\t\n\u0001\",\"é\":\"中\",\"b\":\"+/=\"}";
        var envelope = new SignedEnvelope("site1", payload, [1, 2, 3, 250]);
        var json = JsonSerializer.Serialize(envelope, CollaborationJson.Options);
        // Any JSON reader sees the three properties (what older nodes read and write).
        using var document = JsonDocument.Parse(json);
        Assert.Equal("site1", document.RootElement.GetProperty("sender").GetString());
        Assert.Equal(payload, document.RootElement.GetProperty("payload").GetString());
        Assert.Equal([1, 2, 3, 250], document.RootElement.GetProperty("signature").GetBytesFromBase64());
        // And the converter reads what the default serializer writes.
        var standard = JsonSerializer.Serialize(new { sender = "site1", payload, signature = new byte[] { 1, 2, 3, 250 } });
        var read = JsonSerializer.Deserialize<SignedEnvelope>(standard, CollaborationJson.Options)!;
        Assert.Equal(("site1", payload), (read.Sender, read.Payload));
        Assert.Equal([1, 2, 3, 250], read.Signature);
    }
}
