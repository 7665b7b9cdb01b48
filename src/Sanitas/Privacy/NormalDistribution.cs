namespace Sanitas.Privacy;

/// <summary>
/// The standard normal CDF through an accurate erfc: a positive-term series for |x| &lt; 2 and the
/// Laplace continued fraction beyond, both to about 1e-15 relative accuracy. Used for calibration
/// and confidence intervals only, never inside a sampler.
/// </summary>
internal static class NormalDistribution
{
    private const double InvSqrtPi = 0.56418958354775628695;

    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }
        if (x < 2)
        {
            // erf(x) = 2/√π e^{−x²} Σ 2^n x^{2n+1} / (1·3···(2n+1)), all terms positive.
            double term = x, sum = x;
            for (var n = 1; n < 200 && term > 1e-18 * sum; n++)
            {
                term *= 2 * x * x / ((2 * n) + 1);
                sum += term;
            }
            return 1 - (2 * InvSqrtPi * Math.Exp(-x * x) * sum);
        }
        // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
        var f = x;
        for (var n = 400; n >= 1; n--)
        {
            f = x + (n / 2.0 / f);
        }
        return InvSqrtPi * Math.Exp(-x * x) / f;
    }

    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>The z with Φ(z) = p, by bisection.</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1).");
        }
        double lo = -40, hi = 40;
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            if (Cdf(mid) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return hi;
    }
}
