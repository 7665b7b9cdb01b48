namespace Sanitas.Privacy.Renyi;

/// <summary>
/// Arithmetic on logarithms for the sampled-Gaussian RDP sums, whose terms span hundreds of orders of
/// magnitude: log(e^a + e^b), log(e^a − e^b) and log erfc(x) without underflow.
/// </summary>
internal static class LogSpace
{
    private const double LogInvSqrtPi = -0.57236494292470008707; // log(1/√π)

    /// <summary>log(e^a + e^b).</summary>
    public static double Add(double a, double b)
    {
        var (lo, hi) = a < b ? (a, b) : (b, a);
        return double.IsNegativeInfinity(lo) ? hi : Log1P(Math.Exp(lo - hi)) + hi;
    }

    /// <summary>log(e^a − e^b) for a ≥ b.</summary>
    public static double Subtract(double a, double b)
    {
        if (a < b)
        {
            throw new ArithmeticException($"log-space subtraction would be negative: log(e^{a} − e^{b}).");
        }
        if (double.IsNegativeInfinity(b))
        {
            return a;
        }
        if (a == b)
        {
            return double.NegativeInfinity;
        }
        var diff = a - b;
        // e^diff − 1 overflows past diff ≈ 709, where the result is a to double precision.
        return diff > 700 ? a : Math.Log(ExpM1(diff)) + b;
    }

    /// <summary>log erfc(x), accurate also where erfc(x) underflows (x beyond about 26).</summary>
    public static double Erfc(double x)
    {
        if (x < 2)
        {
            return Math.Log(NormalDistribution.Erfc(x));
        }
        // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) (Laplace's continued fraction).
        var f = x;
        for (var n = 400; n >= 1; n--)
        {
            f = x + (n / 2.0 / f);
        }
        return (-x * x) + LogInvSqrtPi - Math.Log(f);
    }

    /// <summary>log(1 + x), accurate for small x.</summary>
    public static double Log1P(double x)
    {
        // Kahan's trick again: log(u)·x/(u − 1) with u = 1 + x rounded.
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>e^x − 1, accurate for small x.</summary>
    private static double ExpM1(double x)
    {
        // Kahan's trick: (u − 1)·x/log u cancels the rounding error of u = e^x.
        var u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }
        var um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }
}
