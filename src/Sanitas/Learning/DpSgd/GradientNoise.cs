using System.Numerics;
using Sanitas.Privacy;

namespace Sanitas.Learning.DpSgd;

/// <summary>
/// The noise step of DP-SGD on a dyadic grid: the clipped gradient sum is rounded to multiples of
/// 2^k (k about 30 binary orders below σC) and exact discrete Gaussian noise
/// (<see cref="DiscreteGaussianSampler"/>, Canonne, Kamath &amp; Steinke 2020) is added in grid units,
/// so no floating-point noise sampler (Mironov 2012) is involved.
/// </summary>
/// <remarks>
/// Rounding moves each coordinate by at most half a grid step, so two sums whose exact difference has
/// L2 norm at most C differ after rounding by at most C + √P·2^k (P parameters); floating-point
/// clipping may overshoot C by a few ulps, covered by a further C·2^−40. The noise standard deviation
/// is σ times this widened sensitivity C′, so the noise multiplier relative to the actual sensitivity
/// is exactly σ.
/// </remarks>
internal sealed class GradientNoise
{
    private readonly Rational _varianceInUnits;

    public GradientNoise(double noiseMultiplier, double clippingNorm, int parameterCount)
    {
        GridExponent = DyadicGrid.ExponentFor(Rational.FromDouble(noiseMultiplier * clippingNorm));
        var rounding = Math.Sqrt(parameterCount) * Math.ScaleB(1.0, GridExponent);
        WidenedSensitivity = (clippingNorm * (1 + Math.ScaleB(1.0, -40))) + rounding;
        // σ·C′ in grid units, rounded up to a double and then exact.
        var sigmaInUnits = Rational.FromDouble(Math.BitIncrement(noiseMultiplier * WidenedSensitivity)) / Rational.PowerOfTwo(GridExponent);
        _varianceInUnits = sigmaInUnits * sigmaInUnits;
        StandardDeviation = Math.ScaleB(Math.Sqrt(_varianceInUnits.ToDouble()), GridExponent);
    }

    /// <summary>Releases are multiples of 2^k.</summary>
    public int GridExponent { get; }

    /// <summary>C′: the clipping norm widened by grid rounding and floating-point slack.</summary>
    public double WidenedSensitivity { get; }

    /// <summary>The noise standard deviation per coordinate, σ·C′ (in value units).</summary>
    public double StandardDeviation { get; }

    /// <summary>Rounds each coordinate of <paramref name="sum"/> to the grid and adds discrete Gaussian noise.</summary>
    public void AddTo(Span<double> sum, IRandomBits random)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            var scaled = Math.ScaleB(sum[i], -GridExponent);
            BigInteger units = Math.Abs(scaled) < 4e15
                ? new BigInteger(Math.Floor(scaled + 0.5))
                : DyadicGrid.Round(sum[i], GridExponent);
            var noisy = units + DiscreteGaussianSampler.Sample(random, _varianceInUnits);
            sum[i] = Math.ScaleB((double)noisy, GridExponent);
        }
    }
}
