using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// The zCDP budget of an (ε, δ) request: the largest ρ whose ρ-zCDP implies (ε, δ)-DP by the
/// conversion of Canonne, Kamath &amp; Steinke (2020, Corollary 13) in
/// <see cref="PrivacyConversions.DeltaForEpsilon"/> — the same conversion as Private-PGM's
/// <c>cdp_rho</c>, which the MST and AIM reference implementations use. Bisection ends on the
/// conservative side: the returned ρ always satisfies δ(ρ, ε) ≤ δ.
/// </summary>
internal static class ZeroConcentratedBudget
{
    public static double RhoFor(double epsilon, double delta)
    {
        if (!(double.IsFinite(epsilon) && epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive and finite.");
        }
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1) (the Gaussian mechanism needs δ > 0).");
        }
        bool Fits(double rho) => PrivacyConversions.DeltaForEpsilon(new ZeroConcentratedDp(rho), epsilon) <= delta;
        double lo = 0, hi = epsilon;
        while (Fits(hi))
        {
            lo = hi;
            hi *= 2;
        }
        for (var i = 0; i < 100 && hi - lo > 1e-15 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            if (Fits(mid))
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
