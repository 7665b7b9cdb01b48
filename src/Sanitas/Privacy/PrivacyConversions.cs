namespace Sanitas.Privacy;

/// <summary>
/// Conversions between privacy measures. Every conversion returns a guarantee that is implied by
/// its input; numerical searches end on the conservative side.
/// </summary>
public static class PrivacyConversions
{
    /// <summary>ε-DP implies (ε, 0)-DP.</summary>
    /// <param name="cost">The pure cost.</param>
    /// <returns>The same guarantee as (ε, 0)-DP.</returns>
    public static ApproximateDp ToApproximateDp(PureDp cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return new ApproximateDp(cost.Epsilon, 0);
    }

    /// <summary>ε-DP implies (ε²/2)-zCDP (Bun &amp; Steinke 2016, Proposition 1.4).</summary>
    /// <param name="cost">The pure cost.</param>
    /// <returns>ρ = ε²/2.</returns>
    public static ZeroConcentratedDp ToZeroConcentrated(PureDp cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return new ZeroConcentratedDp(cost.Epsilon * cost.Epsilon / 2);
    }

    /// <summary>
    /// ρ-zCDP implies (ρ + 2√(ρ ln(1/δ)), δ)-DP for every δ &gt; 0 (Bun &amp; Steinke 2016,
    /// Proposition 1.3). Simple, and looser than <see cref="ToApproximateDp(ZeroConcentratedDp, double)"/>.
    /// </summary>
    /// <param name="cost">The zCDP cost.</param>
    /// <param name="delta">In (0, 1].</param>
    /// <returns>The implied (ε, δ).</returns>
    public static ApproximateDp ToApproximateDpBunSteinke(ZeroConcentratedDp cost, double delta)
    {
        ArgumentNullException.ThrowIfNull(cost);
        CheckDelta(delta);
        return new ApproximateDp(BunSteinkeEpsilon(cost.Rho, delta), delta);
    }

    /// <summary>
    /// ρ-zCDP implies (ε, δ)-DP with the smallest ε such that
    /// <see cref="DeltaForEpsilon(ZeroConcentratedDp, double)"/> ≤ δ (Canonne, Kamath &amp; Steinke 2020,
    /// Corollary 13; as OpenDP's <c>cdp_epsilon</c>). Never larger than the Bun–Steinke ε.
    /// </summary>
    /// <param name="cost">The zCDP cost.</param>
    /// <param name="delta">In (0, 1].</param>
    /// <returns>The implied (ε, δ).</returns>
    public static ApproximateDp ToApproximateDp(ZeroConcentratedDp cost, double delta)
    {
        ArgumentNullException.ThrowIfNull(cost);
        CheckDelta(delta);
        var rho = cost.Rho;
        if (rho == 0)
        {
            return new ApproximateDp(0, delta);
        }
        double lo = 0, hi = BunSteinkeEpsilon(rho, delta);
        if (Delta(rho, hi) > delta)
        {
            return new ApproximateDp(hi, delta);
        }
        for (var i = 0; i < 200 && hi - lo > 1e-14 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            if (Delta(rho, mid) <= delta)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }
        return new ApproximateDp(hi, delta);
    }

    /// <summary>
    /// The δ at which ρ-zCDP gives ε-DP: inf over α &gt; 1 of
    /// exp((α − 1)(αρ − ε)) / (α − 1) · (1 − 1/α)^α (Canonne, Kamath &amp; Steinke 2020, Corollary 13).
    /// Any α gives a valid bound; the optimum is found by bisection on the derivative.
    /// </summary>
    /// <param name="cost">The zCDP cost.</param>
    /// <param name="epsilon">Non-negative.</param>
    /// <returns>δ in [0, 1].</returns>
    public static double DeltaForEpsilon(ZeroConcentratedDp cost, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(cost);
        if (!double.IsFinite(epsilon) || epsilon < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be finite and non-negative.");
        }
        return cost.Rho == 0 ? 0 : Delta(cost.Rho, epsilon);
    }

    private static double Delta(double rho, double epsilon)
    {
        // d/dα log f(α) = (2α − 1)ρ − ε + ln(1 − 1/α), increasing in α.
        double lo = 1 + 1e-9, hi = ((epsilon + 1) / (2 * rho)) + 2;
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            var derivative = (((2 * mid) - 1) * rho) - epsilon + Math.Log(1 - (1 / mid));
            if (derivative < 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        var alpha = (lo + hi) / 2;
        var logDelta = ((alpha - 1) * ((alpha * rho) - epsilon)) + (alpha * Math.Log(1 - (1 / alpha))) - Math.Log(alpha - 1);
        return Math.Min(1, Math.Exp(logDelta));
    }

    private static double BunSteinkeEpsilon(double rho, double delta) => rho + (2 * Math.Sqrt(rho * Math.Log(1 / delta)));

    private static void CheckDelta(double delta)
    {
        if (!(delta > 0 && delta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1].");
        }
    }
}
