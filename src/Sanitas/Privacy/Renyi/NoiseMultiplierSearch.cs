namespace Sanitas.Privacy.Renyi;

/// <summary>
/// The smallest noise multiplier σ whose ε(σ) reaches a target, for any accounting where ε decreases in σ:
/// doubling from 1 to bracket it, then bisection to a relative precision of 1e-6; the upper end is
/// returned, so ε(σ) ≤ target always holds.
/// </summary>
internal static class NoiseMultiplierSearch
{
    /// <summary>The largest σ tried before giving up.</summary>
    public const double MaxNoiseMultiplier = 1e6;

    /// <summary>The least σ with <paramref name="epsilonAt"/>(σ) ≤ <paramref name="target"/>, or null when none up to 1e6 fits.</summary>
    public static double? LeastFitting(Func<double, double> epsilonAt, double target)
    {
        double low = 0, high = 1;
        while (epsilonAt(high) > target)
        {
            low = high;
            high *= 2;
            if (high > MaxNoiseMultiplier)
            {
                return null;
            }
        }
        while (high - low > 1e-6 * high)
        {
            var mid = (low + high) / 2;
            if (epsilonAt(mid) > target)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return high;
    }
}
