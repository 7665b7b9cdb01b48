using System.Buffers.Binary;
using System.Numerics;
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
        var m0 = BinaryPrimitives.ReadUInt32LittleEndian(block[0..]);
        var m1 = BinaryPrimitives.ReadUInt32LittleEndian(block[4..]);
        var m2 = BinaryPrimitives.ReadUInt32LittleEndian(block[8..]);
        var m3 = BinaryPrimitives.ReadUInt32LittleEndian(block[12..]);
        var m4 = BinaryPrimitives.ReadUInt32LittleEndian(block[16..]);
        var m5 = BinaryPrimitives.ReadUInt32LittleEndian(block[20..]);
        var m6 = BinaryPrimitives.ReadUInt32LittleEndian(block[24..]);
        var m7 = BinaryPrimitives.ReadUInt32LittleEndian(block[28..]);
        var m8 = BinaryPrimitives.ReadUInt32LittleEndian(block[32..]);
        var m9 = BinaryPrimitives.ReadUInt32LittleEndian(block[36..]);
        var m10 = BinaryPrimitives.ReadUInt32LittleEndian(block[40..]);
        var m11 = BinaryPrimitives.ReadUInt32LittleEndian(block[44..]);
        var m12 = BinaryPrimitives.ReadUInt32LittleEndian(block[48..]);
        var m13 = BinaryPrimitives.ReadUInt32LittleEndian(block[52..]);
        var m14 = BinaryPrimitives.ReadUInt32LittleEndian(block[56..]);
        var m15 = BinaryPrimitives.ReadUInt32LittleEndian(block[60..]);
        const uint a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
        uint a = a0, b = b0, c = c0, d = d0;
        // The 64 steps of RFC 1321, section 3.4, unrolled (constants K[i] = floor(|sin(i + 1)|·2^32)).
        a = b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + 0xd76aa478u + m0, 7);
        d = a + BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + 0xe8c7b756u + m1, 12);
        c = d + BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + 0x242070dbu + m2, 17);
        b = c + BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + 0xc1bdceeeu + m3, 22);
        a = b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + 0xf57c0fafu + m4, 7);
        d = a + BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + 0x4787c62au + m5, 12);
        c = d + BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + 0xa8304613u + m6, 17);
        b = c + BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + 0xfd469501u + m7, 22);
        a = b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + 0x698098d8u + m8, 7);
        d = a + BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + 0x8b44f7afu + m9, 12);
        c = d + BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + 0xffff5bb1u + m10, 17);
        b = c + BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + 0x895cd7beu + m11, 22);
        a = b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + 0x6b901122u + m12, 7);
        d = a + BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + 0xfd987193u + m13, 12);
        c = d + BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + 0xa679438eu + m14, 17);
        b = c + BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + 0x49b40821u + m15, 22);
        a = b + BitOperations.RotateLeft(a + ((d & b) | (~d & c)) + 0xf61e2562u + m1, 5);
        d = a + BitOperations.RotateLeft(d + ((c & a) | (~c & b)) + 0xc040b340u + m6, 9);
        c = d + BitOperations.RotateLeft(c + ((b & d) | (~b & a)) + 0x265e5a51u + m11, 14);
        b = c + BitOperations.RotateLeft(b + ((a & c) | (~a & d)) + 0xe9b6c7aau + m0, 20);
        a = b + BitOperations.RotateLeft(a + ((d & b) | (~d & c)) + 0xd62f105du + m5, 5);
        d = a + BitOperations.RotateLeft(d + ((c & a) | (~c & b)) + 0x02441453u + m10, 9);
        c = d + BitOperations.RotateLeft(c + ((b & d) | (~b & a)) + 0xd8a1e681u + m15, 14);
        b = c + BitOperations.RotateLeft(b + ((a & c) | (~a & d)) + 0xe7d3fbc8u + m4, 20);
        a = b + BitOperations.RotateLeft(a + ((d & b) | (~d & c)) + 0x21e1cde6u + m9, 5);
        d = a + BitOperations.RotateLeft(d + ((c & a) | (~c & b)) + 0xc33707d6u + m14, 9);
        c = d + BitOperations.RotateLeft(c + ((b & d) | (~b & a)) + 0xf4d50d87u + m3, 14);
        b = c + BitOperations.RotateLeft(b + ((a & c) | (~a & d)) + 0x455a14edu + m8, 20);
        a = b + BitOperations.RotateLeft(a + ((d & b) | (~d & c)) + 0xa9e3e905u + m13, 5);
        d = a + BitOperations.RotateLeft(d + ((c & a) | (~c & b)) + 0xfcefa3f8u + m2, 9);
        c = d + BitOperations.RotateLeft(c + ((b & d) | (~b & a)) + 0x676f02d9u + m7, 14);
        b = c + BitOperations.RotateLeft(b + ((a & c) | (~a & d)) + 0x8d2a4c8au + m12, 20);
        a = b + BitOperations.RotateLeft(a + (b ^ c ^ d) + 0xfffa3942u + m5, 4);
        d = a + BitOperations.RotateLeft(d + (a ^ b ^ c) + 0x8771f681u + m8, 11);
        c = d + BitOperations.RotateLeft(c + (d ^ a ^ b) + 0x6d9d6122u + m11, 16);
        b = c + BitOperations.RotateLeft(b + (c ^ d ^ a) + 0xfde5380cu + m14, 23);
        a = b + BitOperations.RotateLeft(a + (b ^ c ^ d) + 0xa4beea44u + m1, 4);
        d = a + BitOperations.RotateLeft(d + (a ^ b ^ c) + 0x4bdecfa9u + m4, 11);
        c = d + BitOperations.RotateLeft(c + (d ^ a ^ b) + 0xf6bb4b60u + m7, 16);
        b = c + BitOperations.RotateLeft(b + (c ^ d ^ a) + 0xbebfbc70u + m10, 23);
        a = b + BitOperations.RotateLeft(a + (b ^ c ^ d) + 0x289b7ec6u + m13, 4);
        d = a + BitOperations.RotateLeft(d + (a ^ b ^ c) + 0xeaa127fau + m0, 11);
        c = d + BitOperations.RotateLeft(c + (d ^ a ^ b) + 0xd4ef3085u + m3, 16);
        b = c + BitOperations.RotateLeft(b + (c ^ d ^ a) + 0x04881d05u + m6, 23);
        a = b + BitOperations.RotateLeft(a + (b ^ c ^ d) + 0xd9d4d039u + m9, 4);
        d = a + BitOperations.RotateLeft(d + (a ^ b ^ c) + 0xe6db99e5u + m12, 11);
        c = d + BitOperations.RotateLeft(c + (d ^ a ^ b) + 0x1fa27cf8u + m15, 16);
        b = c + BitOperations.RotateLeft(b + (c ^ d ^ a) + 0xc4ac5665u + m2, 23);
        a = b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + 0xf4292244u + m0, 6);
        d = a + BitOperations.RotateLeft(d + (b ^ (a | ~c)) + 0x432aff97u + m7, 10);
        c = d + BitOperations.RotateLeft(c + (a ^ (d | ~b)) + 0xab9423a7u + m14, 15);
        b = c + BitOperations.RotateLeft(b + (d ^ (c | ~a)) + 0xfc93a039u + m5, 21);
        a = b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + 0x655b59c3u + m12, 6);
        d = a + BitOperations.RotateLeft(d + (b ^ (a | ~c)) + 0x8f0ccc92u + m3, 10);
        c = d + BitOperations.RotateLeft(c + (a ^ (d | ~b)) + 0xffeff47du + m10, 15);
        b = c + BitOperations.RotateLeft(b + (d ^ (c | ~a)) + 0x85845dd1u + m1, 21);
        a = b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + 0x6fa87e4fu + m8, 6);
        d = a + BitOperations.RotateLeft(d + (b ^ (a | ~c)) + 0xfe2ce6e0u + m15, 10);
        c = d + BitOperations.RotateLeft(c + (a ^ (d | ~b)) + 0xa3014314u + m6, 15);
        b = c + BitOperations.RotateLeft(b + (d ^ (c | ~a)) + 0x4e0811a1u + m13, 21);
        a = b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + 0xf7537e82u + m4, 6);
        d = a + BitOperations.RotateLeft(d + (b ^ (a | ~c)) + 0xbd3af235u + m11, 10);
        c = d + BitOperations.RotateLeft(c + (a ^ (d | ~b)) + 0x2ad7d2bbu + m2, 15);
        b = c + BitOperations.RotateLeft(b + (d ^ (c | ~a)) + 0xeb86d391u + m9, 21);
        BinaryPrimitives.WriteUInt32LittleEndian(digest, a0 + a);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[4..], b0 + b);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[8..], c0 + c);
        BinaryPrimitives.WriteUInt32LittleEndian(digest[12..], d0 + d);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }
}
