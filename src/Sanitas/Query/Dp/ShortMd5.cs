using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Sanitas.Query;

/// <summary>
/// MD5 (Rivest 1992, RFC 1321) of a short message, as a 128-bit number read big-endian — the order of
/// its hexadecimal text. A message under 56 bytes (a bounding priority's "salt|tag|person|number") fits
/// one 64-byte block: this managed single-block compression avoids the per-call cost of the platform's
/// one-shot hash, which dominates for a few dozen bytes; longer messages go to <see cref="MD5.HashData(ReadOnlySpan{byte}, Span{byte})"/>.
/// Not for security (bounding's privacy does not rest on the hash, only its lack of bias does).
/// </summary>
internal static class ShortMd5
{
    private static readonly uint[] K = Enumerable.Range(0, 64).Select(i => (uint)(long)Math.Floor(Math.Abs(Math.Sin(i + 1)) * 4294967296.0)).ToArray();

    private static readonly int[] Shifts =
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    /// <summary>The MD5 digest of <paramref name="message"/>, its 16 bytes read as a big-endian number.</summary>
    public static UInt128 Hash(ReadOnlySpan<byte> message)
    {
        Span<byte> digest = stackalloc byte[16];
        if (message.Length >= 56)
        {
            MD5.HashData(message, digest);
            return BinaryPrimitives.ReadUInt128BigEndian(digest);
        }
        // One block: the message, 0x80, zeros, the bit length (little-endian) in the last 8 bytes.
        Span<byte> block = stackalloc byte[64];
        block.Clear();
        message.CopyTo(block);
        block[message.Length] = 0x80;
        BinaryPrimitives.WriteUInt64LittleEndian(block[56..], (ulong)message.Length * 8);
        Span<uint> m = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);
        }
        uint a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
        uint a = a0, b = b0, c = c0, d = d0;
        var k = K;
        var shifts = Shifts;
        for (var i = 0; i < 64; i++)
        {
            uint f;
            int g;
            if (i < 16)
            {
                (f, g) = ((b & c) | (~b & d), i);
            }
            else if (i < 32)
            {
                (f, g) = ((d & b) | (~d & c), (5 * i + 1) & 15);
            }
            else if (i < 48)
            {
                (f, g) = (b ^ c ^ d, (3 * i + 5) & 15);
            }
            else
            {
                (f, g) = (c ^ (b | ~d), (7 * i) & 15);
            }
            f = Step(f, a, k[i], m[g]);
            (a, d, c) = (d, c, b);
            b += BitOperations.RotateLeft(f, shifts[i]);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(digest, a0 + a);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[4..], b0 + b);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[8..], c0 + c);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[12..], d0 + d);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Step(uint f, uint a, uint k, uint m) => f + a + k + m;
}
