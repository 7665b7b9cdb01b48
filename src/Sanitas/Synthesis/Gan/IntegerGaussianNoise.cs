using Sanitas.Privacy;

namespace Sanitas.Synthesis.Gan;

/// <summary>
/// DP-SGD's noise step with an exact discrete Gaussian sampler in machine integers: the clipped sum is
/// rounded to multiples of 2^k, with k chosen so that σC′ is about 2^20 grid units, and each coordinate
/// gets exact N_Z(0, V) noise in grid units, V = ⌈(σC′/2^k)²⌉ an integer — Canonne, Kamath &amp; Steinke
/// 2020, Algorithms 1–3 (Bernoulli(e^−γ) by K-loops of exact rational Bernoullis, discrete Laplace with
/// t = ⌊√V⌋ + 1, then rejection), every comparison on 64/128-bit integers and uniform integers from the
/// run's source, so no floating-point sampler is involved (Mironov 2012). The same construction as
/// Learning's <c>GradientNoise</c>, which draws through the arbitrary-precision sampler (~10 µs a
/// coordinate): a discriminator's tens of thousands of parameters at every step need ~0.1 µs.
/// </summary>
/// <remarks>
/// Rounding moves each coordinate by at most half a grid step, so two clipped sums at L2 distance at most
/// C differ after rounding by at most C′ = C(1 + 2^−40) + √P·2^k (P coordinates); the variance is rounded
/// up, so the noise is at least σ times this widened sensitivity: the noise multiplier relative to the
/// actual sensitivity is at least σ. The floating-point error of summing the clipped gradients (about
/// 2^−53 of the sum per addition, far below the grid step 2^k ≈ 2^−20 σC) is not part of this bound, as in
/// Learning's <c>GradientNoise</c>.
/// </remarks>
internal sealed class IntegerGaussianNoise
{
    private const int UnitsBits = 20;
    private readonly RandomBlocks _bits;
    private readonly ulong _variance;
    private readonly ulong _t;

    public IntegerGaussianNoise(double noiseMultiplier, double clippingNorm, int parameterCount, IRandomBits random)
    {
        _bits = new RandomBlocks(random);
        GridExponent = Math.ILogB(noiseMultiplier * clippingNorm) - UnitsBits;
        var step = Math.ScaleB(1.0, GridExponent);
        WidenedSensitivity = (clippingNorm * (1 + Math.ScaleB(1.0, -40))) + (Math.Sqrt(parameterCount) * step);
        var sigmaUnits = Math.BitIncrement(noiseMultiplier * WidenedSensitivity / step);
        _variance = (ulong)Math.Ceiling(Math.BitIncrement(sigmaUnits * sigmaUnits));
        _t = IntegerSqrt(_variance) + 1;
        StandardDeviation = Math.ScaleB(Math.Sqrt(_variance), GridExponent);
    }

    /// <summary>A sampler of N_Z(0, V) in grid units 2^0 (for tests of the sampler itself).</summary>
    internal IntegerGaussianNoise(ulong variance, IRandomBits random)
    {
        ArgumentOutOfRangeException.ThrowIfZero(variance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(variance, 1UL << 44);
        _bits = new RandomBlocks(random);
        _variance = variance;
        _t = IntegerSqrt(variance) + 1;
        StandardDeviation = Math.Sqrt(variance);
    }

    /// <summary>Releases are multiples of 2^k.</summary>
    public int GridExponent { get; }

    /// <summary>C′: the clipping norm widened by grid rounding and floating-point slack.</summary>
    public double WidenedSensitivity { get; }

    /// <summary>The noise standard deviation per coordinate, √V·2^k ≥ σC′.</summary>
    public double StandardDeviation { get; }

    /// <summary>The integer variance V in grid units.</summary>
    internal ulong Variance => _variance;

    /// <summary>Rounds each coordinate to the grid and adds discrete Gaussian noise.</summary>
    public void AddTo(Span<double> sum)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            var units = Math.Round(Math.ScaleB(sum[i], -GridExponent), MidpointRounding.ToEven);
            // Clipped sums are far below 2^50 grid units; clamp so that a pathological value cannot overflow.
            units = Math.Clamp(units, -Math.ScaleB(1.0, 52), Math.ScaleB(1.0, 52));
            sum[i] = Math.ScaleB(units + Sample(), GridExponent);
        }
    }

    /// <summary>One draw of N_Z(0, V) (Canonne, Kamath &amp; Steinke 2020, Algorithm 3).</summary>
    internal long Sample()
    {
        var twoVt2 = (UInt128)2 * _variance * _t * _t;
        while (true)
        {
            var y = Laplace();
            var magnitude = (ulong)Math.Abs(y);
            if (magnitude >= 1UL << 40)
            {
                continue; // probability below e^(−2^19): rejected to keep the arithmetic in 128 bits
            }
            var a = (UInt128)magnitude * _t; // |Y|·t
            var diff = a >= _variance ? a - _variance : _variance - a;
            if (BernoulliExp(diff * diff, twoVt2))
            {
                return y;
            }
        }
    }

    /// <summary>The discrete Laplace with scale t (Algorithm 2 with s = 1).</summary>
    private long Laplace()
    {
        while (true)
        {
            var u = _bits.Below(_t);
            if (!BernoulliExp(u, _t))
            {
                continue;
            }
            ulong v = 0;
            while (BernoulliExp(1, 1))
            {
                v++;
            }
            var x = u + (_t * v);
            var negative = _bits.Bit();
            if (negative && x == 0)
            {
                continue;
            }
            return negative ? -(long)x : (long)x;
        }
    }

    /// <summary>Bernoulli(e^(−n/d)) exactly (Algorithm 1): e^−1 coins for the integer part, then the K-loop.</summary>
    private bool BernoulliExp(UInt128 n, UInt128 d)
    {
        while (n >= d)
        {
            if (!BernoulliExpAtMostOne(1, 1))
            {
                return false;
            }
            n -= d;
        }
        return BernoulliExpAtMostOne(n, d);
    }

    private bool BernoulliExpAtMostOne(UInt128 n, UInt128 d)
    {
        UInt128 k = 1;
        // A_k ~ Bernoulli(γ/k) until one is 0; the result is whether k ends odd.
        while (_bits.Below(d * k) < n)
        {
            k++;
        }
        return (k & 1) == 1;
    }

    private static ulong IntegerSqrt(ulong n)
    {
        var x = (ulong)Math.Sqrt(n);
        while (x * x > n)
        {
            x--;
        }
        while ((x + 1) * (x + 1) <= n)
        {
            x++;
        }
        return x;
    }

    /// <summary>Uniform integers from the run's source, read in 64 KB blocks.</summary>
    private sealed class RandomBlocks(IRandomBits source)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _position = 1 << 16;
        private ulong _bitWord;
        private int _bitsLeft;

        public bool Bit()
        {
            if (_bitsLeft == 0)
            {
                _bitWord = Next();
                _bitsLeft = 64;
            }
            var bit = (_bitWord & 1) == 1;
            _bitWord >>= 1;
            _bitsLeft--;
            return bit;
        }

        /// <summary>Uniform in [0, m) by rejection on the bit length of m (m ≥ 1).</summary>
        public UInt128 Below(UInt128 m)
        {
            if (m <= ulong.MaxValue)
            {
                return Below((ulong)m);
            }
            var bits = 128 - (int)UInt128.LeadingZeroCount(m - 1);
            var mask = bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;
            while (true)
            {
                var x = new UInt128(Next(), Next()) & mask;
                if (x < m)
                {
                    return x;
                }
            }
        }

        public ulong Below(ulong m)
        {
            if (m == 1)
            {
                return 0;
            }
            var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(m - 1);
            var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
            while (true)
            {
                var x = Next() & mask;
                if (x < m)
                {
                    return x;
                }
            }
        }

        private ulong Next()
        {
            if (_position > _buffer.Length - 8)
            {
                source.Fill(_buffer);
                _position = 0;
            }
            var x = BitConverter.ToUInt64(_buffer, _position);
            _position += 8;
            return x;
        }
    }
}
