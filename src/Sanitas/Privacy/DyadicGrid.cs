using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// Rounding of doubles to a power-of-two grid 2^k and back, the way OpenDP and Google's libraries
/// release real values with integer noise: the true value is rounded exactly (every double is a
/// dyadic rational), integer noise is added in grid units, and only the final value is turned back
/// into a double (post-processing). Rounding can move two neighbouring values one grid step further
/// apart, so a sensitivity Δ becomes at most Δ + 2^k; mechanisms calibrate to that.
/// </summary>
internal static class DyadicGrid
{
    /// <summary>Grid steps are this many binary orders finer than the noise scale.</summary>
    public const int FinerThanScaleBits = 30;

    /// <summary>The grid exponent for a given noise scale (in value units).</summary>
    public static int ExponentFor(Rational scale) => scale.FloorLog2() - FinerThanScaleBits;

    /// <summary>The nearest grid point to <paramref name="value"/>, in grid units (ties upward).</summary>
    public static BigInteger Round(double value, int exponent)
    {
        var inUnits = Rational.FromDouble(value) / Rational.PowerOfTwo(exponent);
        return (inUnits + new Rational(BigInteger.One, 2)).Floor();
    }

    /// <summary>units · 2^k as the nearest double.</summary>
    public static double ToDouble(BigInteger units, int exponent) => (Rational.FromInteger(units) * Rational.PowerOfTwo(exponent)).ToDouble();

    /// <summary>
    /// The sensitivity in grid units after rounding: |round(x) − round(x')| ≤ ⌊Δ/2^k⌋ + 1 when |x − x'| ≤ Δ.
    /// </summary>
    public static BigInteger SensitivityInUnits(double sensitivity, int exponent) =>
        (Rational.FromDouble(sensitivity) / Rational.PowerOfTwo(exponent)).Floor() + 1;

    public static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite: clamp it to declared bounds first.");
        }
    }

    public static void CheckPositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and positive.");
        }
    }
}
