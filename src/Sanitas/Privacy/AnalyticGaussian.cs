namespace Sanitas.Privacy;

/// <summary>
/// Analytic calibration of the Gaussian mechanism (Balle &amp; Wang, "Improving the Gaussian
/// Mechanism for Differential Privacy: Analytical Calibration and Optimal Denoising", ICML 2018,
/// Theorem 8 and Algorithm 1): N(0, σ²) noise on a query of L2 sensitivity Δ is (ε, δ)-DP iff
/// Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ) ≤ δ.
/// </summary>
internal static class AnalyticGaussian
{
    /// <summary>The exact δ of the Gaussian mechanism at ε.</summary>
    public static double Delta(double sigma, double sensitivity, double epsilon)
    {
        var a = sensitivity / (2 * sigma);
        var b = epsilon * sigma / sensitivity;
        return Math.Max(0, NormalDistribution.Cdf(a - b) - (Math.Exp(epsilon) * NormalDistribution.Cdf(-a - b)));
    }

    /// <summary>The smallest σ (up to bisection precision, rounded up) with δ(σ) ≤ δ.</summary>
    public static double Sigma(double sensitivity, double epsilon, double delta)
    {
        double lo = 0, hi = sensitivity;
        while (Delta(hi, sensitivity, epsilon) > delta)
        {
            lo = hi;
            hi *= 2;
        }
        for (var i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            if (Delta(mid, sensitivity, epsilon) <= delta)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }
        return hi;
    }
}
