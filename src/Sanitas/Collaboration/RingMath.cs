using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Sanitas.Collaboration;

/// <summary>Arithmetic on vectors and row-major matrices over Z_2^64 (wrapping), and SecureML's local truncation of two-party shares.</summary>
internal static class RingMath
{
    /// <summary>C = op(A)·B with A P×Q (or, transposed, stored Q×P), B Q×R, C P×R; every product and sum mod 2^64.</summary>
    public static ulong[] MatMul(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int p, int q, int r, bool transposeLeft = false)
    {
        var c = new ulong[p * r];
        MatMulAdd(a, b, p, q, r, transposeLeft, c);
        return c;
    }

    /// <summary>C += op(A)·B (see <see cref="MatMul"/>). Scalar loops: the shapes are thin (R is 1 or the width), where a vector call per row costs more than it saves.</summary>
    public static void MatMulAdd(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int p, int q, int r, bool transposeLeft, Span<ulong> c)
    {
        if (!transposeLeft)
        {
            for (var i = 0; i < p; i++)
            {
                var arow = a.Slice(i * q, q);
                if (r == 1)
                {
                    ulong sum = 0;
                    for (var k = 0; k < q; k++)
                    {
                        sum = unchecked(sum + (arow[k] * b[k]));
                    }
                    c[i] = unchecked(c[i] + sum);
                    continue;
                }
                var row = c.Slice(i * r, r);
                for (var k = 0; k < q; k++)
                {
                    var aik = arow[k];
                    var brow = b.Slice(k * r, r);
                    for (var j = 0; j < r; j++)
                    {
                        row[j] = unchecked(row[j] + (aik * brow[j]));
                    }
                }
            }
            return;
        }
        // A is stored Q×P: C[i, j] += Σ_k A[k, i]·B[k, j].
        for (var k = 0; k < q; k++)
        {
            var arow = a.Slice(k * p, p);
            if (r == 1)
            {
                var bk = b[k];
                for (var i = 0; i < p; i++)
                {
                    c[i] = unchecked(c[i] + (arow[i] * bk));
                }
                continue;
            }
            var brow = b.Slice(k * r, r);
            for (var i = 0; i < p; i++)
            {
                var aki = arow[i];
                var row = c.Slice(i * r, r);
                for (var j = 0; j < r; j++)
                {
                    row[j] = unchecked(row[j] + (aki * brow[j]));
                }
            }
        }
    }

    /// <summary>Batched small products: <paramref name="batch"/> independent P×Q by Q×R products stored one after another.</summary>
    public static ulong[] BatchMatMul(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int batch, int p, int q, int r)
    {
        var c = new ulong[batch * p * r];
        for (var k = 0; k < batch; k++)
        {
            MatMulAdd(a.Slice(k * p * q, p * q), b.Slice(k * q * r, q * r), p, q, r, false, c.AsSpan(k * p * r, p * r));
        }
        return c;
    }

    public static ulong[] Add(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        var z = new ulong[x.Length];
        TensorPrimitives.Add(x, y, z);
        return z;
    }

    public static ulong[] Subtract(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        var z = new ulong[x.Length];
        TensorPrimitives.Subtract(x, y, z);
        return z;
    }

    public static void AddInPlace(Span<ulong> target, ReadOnlySpan<ulong> y) => TensorPrimitives.Add(target, y[..target.Length], target);

    public static void SubtractInPlace(Span<ulong> target, ReadOnlySpan<ulong> y) => TensorPrimitives.Subtract(target, y[..target.Length], target);

    public static ulong[] Hadamard(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        var z = new ulong[x.Length];
        TensorPrimitives.Multiply(x, y, z);
        return z;
    }

    /// <summary>target += x ⊙ y (mod 2^64).</summary>
    public static void MultiplyAddInPlace(Span<ulong> target, ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y) => TensorPrimitives.MultiplyAdd(x, y, target, target);

    /// <summary>diag(s)·M for M rows × <paramref name="columns"/> (row-major) and s one value per row.</summary>
    public static ulong[] ScaleRows(ReadOnlySpan<ulong> s, ReadOnlySpan<ulong> m, int columns)
    {
        var z = new ulong[m.Length];
        ScaleRowsAdd(s, m, columns, z);
        return z;
    }

    /// <summary>target += diag(s)·M (see <see cref="ScaleRows"/>).</summary>
    public static void ScaleRowsAdd(ReadOnlySpan<ulong> s, ReadOnlySpan<ulong> m, int columns, Span<ulong> target)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var row = target.Slice(i * columns, columns);
            var mrow = m.Slice(i * columns, columns);
            var si = s[i];
            for (var j = 0; j < columns; j++)
            {
                row[j] = unchecked(row[j] + (si * mrow[j]));
            }
        }
    }

    public static ulong[] Scale(ReadOnlySpan<ulong> x, ulong factor)
    {
        var z = new ulong[x.Length];
        TensorPrimitives.Multiply(x, factor, z);
        return z;
    }

    /// <summary>
    /// SecureML's local truncation generalised to any public divisor D ≥ 1 (Mohassel &amp; Zhang 2017, Thm. 1; the
    /// proof only uses that ⌊·/D⌋ is monotone): party 0 keeps ⌊z₀/D⌋, party 1 keeps −⌊(−z₁)/D⌋. For |z| &lt; 2^ℓ
    /// the shares then add up to ⌊z/D⌋ or ⌊z/D⌋ + 1, except with probability at most 2^(ℓ+1−64) (a wrap-around).
    /// </summary>
    public static ulong Divide(int party, ulong share, ulong divisor) => party == 0
        ? share / divisor
        : unchecked(0 - ((0 - share) / divisor));

    public static void DivideInPlace(int party, Span<ulong> shares, ulong divisor)
    {
        if (divisor != 0 && (divisor & (divisor - 1)) == 0)
        {
            // A power of two: shifts (party 1: −((−z) >> k)).
            var bits = System.Numerics.BitOperations.TrailingZeroCount(divisor);
            if (party == 0)
            {
                TensorPrimitives.ShiftRightLogical(shares, bits, shares);
            }
            else
            {
                for (var i = 0; i < shares.Length; i++)
                {
                    shares[i] = unchecked(0 - ((0 - shares[i]) >> bits));
                }
            }
            return;
        }
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = Divide(party, shares[i], divisor);
        }
    }

    public static byte[] ToBytes(ReadOnlySpan<ulong> values) => MemoryMarshal.AsBytes(values).ToArray();

    public static ulong[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 8 != 0)
        {
            throw new CollaborationException("A ring vector's byte length is not a multiple of 8.");
        }
        return MemoryMarshal.Cast<byte, ulong>(bytes).ToArray();
    }
}
