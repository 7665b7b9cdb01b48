using System.Security.Cryptography;

namespace Sanitas.Collaboration;

/// <summary>
/// A signed protocol message: the sender's name, its JSON payload and an ECDSA P-256 signature over both
/// (domain-separated), verified against the sender's pinned key before the payload is read.
/// </summary>
/// <param name="Sender">The signing site (or coordinator) name.</param>
/// <param name="Payload">The JSON payload, signed byte for byte.</param>
/// <param name="Signature">The IEEE P1363 signature.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(SignedEnvelopeJsonConverter))]
public sealed record SignedEnvelope(string Sender, string Payload, byte[] Signature)
{
    /// <summary>Verifies the signature against the pinned key of <see cref="Sender"/>.</summary>
    /// <param name="pinned">The consortium's pinned keys.</param>
    /// <param name="expectedSender">If given, the only acceptable sender.</param>
    /// <returns>The payload, once verified.</returns>
    /// <exception cref="CollaborationException">Unknown sender, wrong sender or a bad signature, named.</exception>
    public string Open(PinnedKeys pinned, string? expectedSender = null)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        if (expectedSender is not null && !string.Equals(Sender, expectedSender, StringComparison.Ordinal))
        {
            throw new CollaborationException($"A message claiming to come from '{Sender}' arrived where '{expectedSender}' was expected; rejected.");
        }
        if (!pinned.Verify(Sender, SignedBytes(Sender, Payload), Signature ?? []))
        {
            throw new CollaborationException($"The signature of '{Sender}' does not verify against its pinned key; message rejected.");
        }
        return Payload;
    }

    /// <summary>The signed bytes: UTF-8 of "sanitas-collaboration-v1\n" + sender + "\n" + payload, written once (a secure-training payload is megabytes; no concatenated copy).</summary>
    internal static byte[] SignedBytes(string sender, string payload)
    {
        var utf8 = System.Text.Encoding.UTF8;
        var head = "sanitas-collaboration-v1\n" + sender + "\n";
        var bytes = new byte[utf8.GetByteCount(head) + utf8.GetByteCount(payload)];
        var written = utf8.GetBytes(head, bytes);
        utf8.GetBytes(payload, bytes.AsSpan(written));
        return bytes;
    }
}
