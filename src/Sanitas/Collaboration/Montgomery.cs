using System.Collections.Concurrent;
using System.Numerics;

namespace Sanitas.Collaboration;

/// <summary>
/// Modular arithmetic for one odd modulus M of k 64-bit limbs in Montgomery form (Montgomery, "Modular
/// Multiplication Without Trial Division", Math. Comp. 44, 1985): a value x is kept as xR mod M with
/// R = 2^(64k), and a product is reduced word by word without division — the CIOS method of Koç, Acar &amp;
/// Kaliski, "Analyzing and Comparing Montgomery Multiplication Algorithms", IEEE Micro 16(3), 1996.
/// Exponentiation is fixed-window (w = 5) for a variable base (Menezes et al., Handbook of Applied
/// Cryptography, Alg. 14.82), and <see cref="FixedBase"/> precomputes a table for one base so that an
/// exponent of L bits costs ⌈L/w⌉ multiplications and no squarings (HAC Alg. 14.109, Brickell et al.).
/// </summary>
/// <remarks>Not constant-time: the window values index a table and the final subtraction is conditional.
/// It serves exponents of ciphertexts and aggregated sums, whose holder is the one measuring time.</remarks>
internal sealed class Montgomery
{
    private const int Window = 5;
    private static readonly ConcurrentDictionary<BigInteger, Montgomery> Cache = new();

    private readonly ulong[] _modulus;
    private readonly ulong _inverse;
    private readonly BigInteger _m;
    private readonly ulong[] _one;

    private Montgomery(BigInteger modulus)
    {
        _m = modulus;
        Limbs = (int)((modulus.GetBitLength() + 63) / 64);
        _modulus = ToLimbs(modulus, Limbs);
        // −M⁻¹ mod 2^64 by Newton's iteration x ← x(2 − Mx), doubling the correct bits each time.
        var m0 = _modulus[0];
        ulong x = 1;
        for (var i = 0; i < 6; i++)
        {
            x *= 2 - (m0 * x);
        }
        _inverse = unchecked(0 - x);
        _one = ToLimbs((BigInteger.One << (64 * Limbs)) % modulus, Limbs);
    }

    /// <summary>k, the number of 64-bit limbs of M.</summary>
    public int Limbs { get; }

    /// <summary>The context of <paramref name="modulus"/> (odd, &gt; 1), built once and shared.</summary>
    public static Montgomery For(BigInteger modulus)
    {
        if (modulus <= 1 || modulus.IsEven)
        {
            throw new ArgumentOutOfRangeException(nameof(modulus), "Montgomery arithmetic needs an odd modulus greater than 1.");
        }
        if (Cache.Count > 64)
        {
            Cache.Clear();
        }
        return Cache.GetOrAdd(modulus, m => new Montgomery(m));
    }

    /// <summary>x mod M in Montgomery form (xR mod M).</summary>
    public ulong[] ToMontgomery(BigInteger x) => ToLimbs(BigInteger.Remainder((BigInteger.Remainder(x, _m) + _m) << (64 * Limbs), _m), Limbs);

    /// <summary>The ordinary value of a Montgomery-form <paramref name="a"/>.</summary>
    public BigInteger FromMontgomery(ReadOnlySpan<ulong> a)
    {
        var one = new ulong[Limbs];
        one[0] = 1;
        var result = new ulong[Limbs];
        Multiply(a, one, result);
        return FromLimbs(result);
    }

    /// <summary>b^e mod M for a non-negative exponent (fixed window of 5 bits).</summary>
    public BigInteger Pow(BigInteger b, BigInteger exponent)
    {
        if (exponent.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), "The exponent must be non-negative.");
        }
        var k = Limbs;
        var table = new ulong[(1 << Window) * k];
        _one.CopyTo(table, 0);
        ToMontgomery(b).CopyTo(table, k);
        for (var v = 2; v < 1 << Window; v++)
        {
            Multiply(table.AsSpan((v - 1) * k, k), table.AsSpan(k, k), table.AsSpan(v * k, k));
        }
        var bits = (int)exponent.GetBitLength();
        var e = exponent.ToByteArray(isUnsigned: true);
        var acc = (ulong[])_one.Clone();
        var scratch = new ulong[k];
        var top = ((bits + Window - 1) / Window * Window) - Window;
        for (var position = top; position >= 0; position -= Window)
        {
            if (position != top)
            {
                for (var s = 0; s < Window; s++)
                {
                    Square(acc, scratch);
                    (acc, scratch) = (scratch, acc);
                }
            }
            var digit = Bits(e, position, Window);
            if (digit != 0)
            {
                Multiply(acc, table.AsSpan(digit * k, k), scratch);
                (acc, scratch) = (scratch, acc);
            }
        }
        return FromMontgomery(acc);
    }

    /// <summary>A table of base^(v·2^(w·j)) for exponents up to <paramref name="exponentBits"/> bits, w = <paramref name="window"/>.</summary>
    public FixedBaseTable FixedBase(BigInteger b, int exponentBits, int window) => new(this, b, exponentBits, window);

    /// <summary>result = a·b·R⁻¹ mod M (CIOS). <paramref name="result"/> may not overlap the inputs.</summary>
    public void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        var k = Limbs;
        if (a.Length < k || b.Length < k || result.Length < k)
        {
            throw new ArgumentException("Operands need k limbs.");
        }
        Span<ulong> scratch = k <= 128 ? stackalloc ulong[k + 2] : new ulong[k + 2];
        scratch.Clear();
        {
            var t = scratch;
            ReadOnlySpan<ulong> n = _modulus;
            var pa = a[..k];
            var pb = b[..k];
            var pr = result[..k];
            for (var i = 0; i < k; i++)
            {
                var bi = pb[i];
                ulong carry = 0;
                for (var j = 0; j < k; j++)
                {
                    var hi = Math.BigMul(pa[j], bi, out var lo);
                    var tj = t[j];
                    lo += tj;
                    hi += lo < tj ? 1UL : 0UL;
                    lo += carry;
                    hi += lo < carry ? 1UL : 0UL;
                    t[j] = lo;
                    carry = hi;
                }
                var sum = t[k] + carry;
                t[k + 1] = sum < carry ? 1UL : 0UL;
                t[k] = sum;
                var m = t[0] * _inverse;
                var h = Math.BigMul(m, n[0], out var l);
                l += t[0];
                carry = h + (l < t[0] ? 1UL : 0UL);
                for (var j = 1; j < k; j++)
                {
                    var hi = Math.BigMul(m, n[j], out var lo);
                    var tj = t[j];
                    lo += tj;
                    hi += lo < tj ? 1UL : 0UL;
                    lo += carry;
                    hi += lo < carry ? 1UL : 0UL;
                    t[j - 1] = lo;
                    carry = hi;
                }
                sum = t[k] + carry;
                t[k - 1] = sum;
                t[k] = t[k + 1] + (sum < carry ? 1UL : 0UL);
            }
            // t < 2M: subtract M once if t ≥ M.
            if (t[k] != 0 || !Less(t[..k], n))
            {
                ulong borrow = 0;
                for (var j = 0; j < k; j++)
                {
                    var x = t[j];
                    var nj = n[j];
                    pr[j] = x - nj - borrow;
                    borrow = (x < nj) || (x == nj && borrow != 0) ? 1UL : 0UL;
                }
            }
            else
            {
                t[..k].CopyTo(result);
            }
        }
    }

    /// <summary>
    /// result = a²·R⁻¹ mod M: the square by the symmetric method (each cross product a_i·a_j once, doubled,
    /// HAC Alg. 14.16), then Montgomery reduction of the 2k-limb square (HAC Alg. 14.32) — about 1.5k²
    /// word products instead of CIOS's 2k². <paramref name="result"/> may not overlap <paramref name="a"/>.
    /// </summary>
    public void Square(ReadOnlySpan<ulong> a, Span<ulong> result)
    {
        var k = Limbs;
        if (a.Length < k || result.Length < k)
        {
            throw new ArgumentException("Operands need k limbs.");
        }
        a = a[..k];
        Span<ulong> t = k <= 64 ? stackalloc ulong[(2 * k) + 1] : new ulong[(2 * k) + 1];
        t.Clear();
        for (var i = 0; i < k; i++)
        {
            var ai = a[i];
            ulong carry = 0;
            for (var j = i + 1; j < k; j++)
            {
                var hi = Math.BigMul(ai, a[j], out var lo);
                var tij = t[i + j];
                lo += tij;
                hi += lo < tij ? 1UL : 0UL;
                lo += carry;
                hi += lo < carry ? 1UL : 0UL;
                t[i + j] = lo;
                carry = hi;
            }
            t[i + k] = carry;
        }
        // Double the cross products (a² < 2^(128k), so the doubled sum fits 2k limbs).
        ulong top = 0;
        for (var i = 0; i < 2 * k; i++)
        {
            var v = t[i];
            t[i] = (v << 1) | top;
            top = v >> 63;
        }
        // Add the squares a_i² on the diagonal.
        ulong c = 0;
        for (var i = 0; i < k; i++)
        {
            var hi = Math.BigMul(a[i], a[i], out var lo);
            var x = t[2 * i];
            var sum = x + lo;
            var carry1 = sum < x ? 1UL : 0UL;
            var sum2 = sum + c;
            carry1 += sum2 < sum ? 1UL : 0UL;
            t[2 * i] = sum2;
            var y = t[(2 * i) + 1];
            var s1 = y + hi;
            var carry2 = s1 < y ? 1UL : 0UL;
            var s2 = s1 + carry1;
            carry2 += s2 < s1 ? 1UL : 0UL;
            t[(2 * i) + 1] = s2;
            c = carry2;
        }
        // Montgomery reduction: add m_i·M·2^(64i) to clear limb i, i = 0 … k − 1.
        ReadOnlySpan<ulong> n = _modulus;
        ulong extra = 0;
        for (var i = 0; i < k; i++)
        {
            var m = t[i] * _inverse;
            ulong carry = 0;
            for (var j = 0; j < k; j++)
            {
                var hi = Math.BigMul(m, n[j], out var lo);
                var tij = t[i + j];
                lo += tij;
                hi += lo < tij ? 1UL : 0UL;
                lo += carry;
                hi += lo < carry ? 1UL : 0UL;
                t[i + j] = lo;
                carry = hi;
            }
            var upper = t[i + k];
            var s1 = upper + carry;
            var c1 = s1 < upper ? 1UL : 0UL;
            var s2 = s1 + extra;
            c1 += s2 < s1 ? 1UL : 0UL;
            t[i + k] = s2;
            extra = c1;
        }
        var r = t.Slice(k, k);
        if (extra != 0 || !Less(r, n[..k]))
        {
            ulong borrow = 0;
            for (var j = 0; j < k; j++)
            {
                var x = r[j];
                var nj = n[j];
                result[j] = x - nj - borrow;
                borrow = (x < nj) || (x == nj && borrow != 0) ? 1UL : 0UL;
            }
        }
        else
        {
            r.CopyTo(result);
        }
    }

    private static bool Less(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var j = a.Length - 1; j >= 0; j--)
        {
            if (a[j] != b[j])
            {
                return a[j] < b[j];
            }
        }
        return false;
    }

    internal static int Bits(byte[] littleEndian, int position, int count)
    {
        var value = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            var bit = position + i;
            var b = bit >> 3;
            value = (value << 1) | (b < littleEndian.Length ? (littleEndian[b] >> (bit & 7)) & 1 : 0);
        }
        return value;
    }

    internal static ulong[] ToLimbs(BigInteger x, int limbs)
    {
        var bytes = x.ToByteArray(isUnsigned: true);
        var result = new ulong[limbs];
        for (var i = 0; i < bytes.Length && i < limbs * 8; i++)
        {
            result[i / 8] |= (ulong)bytes[i] << (8 * (i % 8));
        }
        return result;
    }

    internal static BigInteger FromLimbs(ReadOnlySpan<ulong> limbs)
    {
        var bytes = new byte[limbs.Length * 8];
        for (var i = 0; i < limbs.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), limbs[i]);
        }
        return new BigInteger(bytes, isUnsigned: true);
    }

    /// <summary>One precomputed base (HAC Alg. 14.109 with h = 2^w): an exponent costs one multiplication per w bits.</summary>
    internal sealed class FixedBaseTable
    {
        private readonly Montgomery _context;
        private readonly ulong[] _table;
        private readonly int _window;
        private readonly int _columns;

        public FixedBaseTable(Montgomery context, BigInteger b, int exponentBits, int window)
        {
            if (window is < 1 or > 10 || exponentBits < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(window), "Window in [1, 10], exponent bits ≥ 1.");
            }
            _context = context;
            _window = window;
            ExponentBits = exponentBits;
            _columns = (exponentBits + window - 1) / window;
            var k = context.Limbs;
            var per = (1 << window) - 1;
            _table = new ulong[_columns * per * k];
            var power = context.ToMontgomery(b);
            var scratch = new ulong[k];
            for (var j = 0; j < _columns; j++)
            {
                // Entry (j, v) = b^(v·2^(w·j)), v = 1 … 2^w − 1.
                var row = _table.AsSpan(j * per * k, per * k);
                power.CopyTo(row);
                for (var v = 2; v <= per; v++)
                {
                    context.Multiply(row.Slice((v - 2) * k, k), power, row.Slice((v - 1) * k, k));
                }
                // The next column's base: b^(2^(w(j+1))) = (entry 2^w − 1)·b^(2^(wj)).
                context.Multiply(row.Slice((per - 1) * k, k), power, scratch);
                scratch.CopyTo(power, 0);
            }
        }

        /// <summary>The largest exponent length the table serves.</summary>
        public int ExponentBits { get; }

        /// <summary>b^e mod M for 0 ≤ e &lt; 2^<see cref="ExponentBits"/>.</summary>
        public BigInteger Pow(BigInteger exponent)
        {
            if (exponent.Sign < 0 || exponent.GetBitLength() > ExponentBits)
            {
                throw new ArgumentOutOfRangeException(nameof(exponent), $"The exponent must be in [0, 2^{ExponentBits}).");
            }
            var k = _context.Limbs;
            var per = (1 << _window) - 1;
            var e = exponent.ToByteArray(isUnsigned: true);
            var acc = (ulong[])_context._one.Clone();
            var scratch = new ulong[k];
            for (var j = 0; j < _columns; j++)
            {
                var digit = Bits(e, j * _window, _window);
                if (digit != 0)
                {
                    _context.Multiply(acc, _table.AsSpan(((j * per) + digit - 1) * k, k), scratch);
                    (acc, scratch) = (scratch, acc);
                }
            }
            return _context.FromMontgomery(acc);
        }
    }
}
