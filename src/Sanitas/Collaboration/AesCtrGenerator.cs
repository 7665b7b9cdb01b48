using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sanitas.Collaboration;

/// <summary>
/// The pseudorandom generator of secure aggregation's masks: AES-256 in counter mode keyed by a 256-bit
/// seed (NIST SP 800-38A), read as little-endian 64-bit ring elements. Unlike a 32-bit seeded generator,
/// the masks cannot be recovered by enumerating seeds.
/// </summary>
internal static class AesCtrGenerator
{
    public static void Expand(ReadOnlySpan<byte> seed, Span<ulong> output)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("The mask seed must be 256 bits.", nameof(seed));
        }
        using var aes = Aes.Create();
        aes.Key = seed.ToArray();
        var blocks = (output.Length + 1) / 2;
        var counters = new byte[blocks * 16];
        for (var b = 0; b < blocks; b++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan((b * 16) + 8, 8), (ulong)b);
        }
        var stream = aes.EncryptEcb(counters, PaddingMode.None);
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = BinaryPrimitives.ReadUInt64LittleEndian(stream.AsSpan(i * 8, 8));
        }
    }

    /// <summary>Adds (sign +1) or subtracts (sign −1) the generator's stream to <paramref name="target"/>.</summary>
    public static void Apply(ReadOnlySpan<byte> seed, Span<ulong> target, int sign)
    {
        var mask = new ulong[target.Length];
        Expand(seed, mask);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = sign > 0 ? unchecked(target[i] + mask[i]) : unchecked(target[i] - mask[i]);
        }
    }
}
