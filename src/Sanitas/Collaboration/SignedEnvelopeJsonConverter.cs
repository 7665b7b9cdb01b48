using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sanitas.Collaboration;

/// <summary>
/// The wire form of <see cref="SignedEnvelope"/>: <c>{"sender": …, "payload": …, "signature": base64}</c>, the same
/// JSON as the serializer's default, but the payload — itself JSON, megabytes in a secure-training round — is
/// escaped in one exact-size pass and written raw. Utf8JsonWriter would rent a buffer of six times the payload
/// for escaping it (its worst case), once per message, and the shared pool keeps such buffers per thread.
/// </summary>
internal sealed class SignedEnvelopeJsonConverter : JsonConverter<SignedEnvelope>
{
    public override SignedEnvelope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A signed envelope must be a JSON object.");
        }
        string? sender = null, payload = null;
        byte[]? signature = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "sender", StringComparison.OrdinalIgnoreCase))
            {
                sender = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else if (string.Equals(name, "payload", StringComparison.OrdinalIgnoreCase))
            {
                payload = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else if (string.Equals(name, "signature", StringComparison.OrdinalIgnoreCase))
            {
                signature = reader.TokenType == JsonTokenType.Null ? null : reader.GetBytesFromBase64();
            }
            else
            {
                reader.Skip();
            }
        }
        return new SignedEnvelope(sender!, payload!, signature!);
    }

    public override void Write(Utf8JsonWriter writer, SignedEnvelope value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("sender", value.Sender);
        writer.WritePropertyName("payload");
        if (value.Payload is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(Quote(value.Payload), skipInputValidation: true);
        }
        if (value.Signature is null)
        {
            writer.WriteNull("signature");
        }
        else
        {
            writer.WriteBase64String("signature", value.Signature);
        }
        writer.WriteEndObject();
    }

    /// <summary>The UTF-8 JSON string literal of <paramref name="text"/>: quotes, backslashes and control characters escaped (RFC 8259 §7), everything else as is.</summary>
    internal static byte[] Quote(string text)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var extra = 0;
        foreach (var b in utf8)
        {
            extra += b switch
            {
                (byte)'"' or (byte)'\\' => 1,
                < 0x20 => 5,
                _ => 0,
            };
        }
        var result = new byte[utf8.Length + extra + 2];
        var at = 0;
        result[at++] = (byte)'"';
        foreach (var b in utf8)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                result[at++] = (byte)'\\';
                result[at++] = b;
            }
            else if (b < 0x20)
            {
                "\\u00"u8.CopyTo(result.AsSpan(at));
                result[at + 4] = (byte)"0123456789abcdef"[b >> 4];
                result[at + 5] = (byte)"0123456789abcdef"[b & 15];
                at += 6;
            }
            else
            {
                result[at++] = b;
            }
        }
        result[at] = (byte)'"';
        return result;
    }
}
