namespace Sanitas.Risk;

/// <summary>The trigamma function ψ′(x), which MathNet.Numerics lacks.</summary>
internal static class PolyGamma
{
    /// <summary>
    /// ψ′(x) for x &gt; 0: the recurrence ψ′(x) = ψ′(x+1) + 1/x² up to x ≥ 6, then the asymptotic
    /// series 1/x + 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − 1/(30x⁹) (Abramowitz and Stegun 6.4.12);
    /// the reflection formula for x ≤ 0.
    /// </summary>
    public static double Trigamma(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        if (x <= 0)
        {
            if (x == Math.Floor(x))
            {
                return double.NaN;
            }
            // ψ′(1−x) + ψ′(x) = π² / sin²(πx)
            var s = Math.Sin(Math.PI * x);
            return (Math.PI * Math.PI / (s * s)) - Trigamma(1 - x);
        }
        var result = 0d;
        while (x < 6)
        {
            result += 1 / (x * x);
            x += 1;
        }
        var inv = 1 / x;
        var inv2 = inv * inv;
        result += inv + (inv2 / 2) + (inv * inv2 * ((1d / 6) - (inv2 * ((1d / 30) - (inv2 * ((1d / 42) - (inv2 / 30)))))));
        return result;
    }
}
