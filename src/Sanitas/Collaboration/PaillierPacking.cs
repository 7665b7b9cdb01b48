using System.Numerics;

namespace Sanitas.Collaboration;

/// <summary>
/// Packs fixed-point ring elements into Paillier plaintexts, several per ciphertext (slot packing for HE
/// aggregation): an element known to lie in ±2^(b−1) gets a bias 2^(b−1) and a slot of b + h bits, so up to
/// 2^h encrypted vectors add without a carry into the next slot (h = ⌈log₂ sites⌉, 8 by default). With
/// b = 50, h = 2 a 2048-bit plaintext holds 39 values; 16-bit counts fit 113.
/// </summary>
internal static class PaillierPacking
{
    public static int SlotsPer(PaillierPublicKey key, int valueBits, int headroomBits = 8) => (key.Bits - 2) / (valueBits + headroomBits);

    public static BigInteger[] Pack(ReadOnlySpan<ulong> ring, PaillierPublicKey key, int valueBits, int headroomBits = 8)
    {
        var slotBits = valueBits + headroomBits;
        var bias = BigInteger.One << (valueBits - 1);
        var slots = SlotsPer(key, valueBits, headroomBits);
        var result = new BigInteger[(ring.Length + slots - 1) / slots];
        for (var c = 0; c < result.Length; c++)
        {
            var value = BigInteger.Zero;
            for (var s = Math.Min(slots, ring.Length - (c * slots)) - 1; s >= 0; s--)
            {
                // Values outside ±2^(b−1) are clamped to it: a declared range, never a carry into a neighbour.
                var v = BigInteger.Clamp(new BigInteger(unchecked((long)ring[(c * slots) + s])), -bias, bias - 1);
                value = (value << slotBits) + v + bias;
            }
            result[c] = value;
        }
        return result;
    }

    /// <summary>The sum of <paramref name="summands"/> packed vectors, back as ring elements.</summary>
    public static ulong[] Unpack(IReadOnlyList<BigInteger> plaintexts, int length, int summands, PaillierPublicKey key, int valueBits, int headroomBits = 8)
    {
        var slotBits = valueBits + headroomBits;
        var bias = BigInteger.One << (valueBits - 1);
        var slots = SlotsPer(key, valueBits, headroomBits);
        var mask = (BigInteger.One << slotBits) - 1;
        var result = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            var slot = (plaintexts[i / slots] >> (slotBits * (i % slots))) & mask;
            result[i] = (ulong)((slot - (summands * bias)) & ulong.MaxValue);
        }
        return result;
    }
}
