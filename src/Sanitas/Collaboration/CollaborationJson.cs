using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sanitas.Collaboration;

/// <summary>
/// The wire format of the protocol: camelCase JSON, big integers as decimal strings. Minimal escaping (the
/// messages are never embedded in HTML): base64's '+' and a nested payload's quotes stay one or two bytes
/// instead of six; any JSON reader reads both forms.
/// </summary>
internal static class CollaborationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new BigIntegerConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new CollaborationException($"{what}: empty message.");
        }
        catch (JsonException e)
        {
            throw new CollaborationException($"{what}: malformed message ({e.Message}).", e);
        }
    }

    private sealed class BigIntegerConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            BigInteger.Parse(reader.GetString() ?? throw new JsonException("Expected a big integer as a string."), NumberStyles.None, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
