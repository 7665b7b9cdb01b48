using MathNet.Numerics.Distributions;

namespace Sanitas.Tests.Audit;

/// <summary>
/// Black-box privacy auditing in the style of Google's stochastic DP tester and DP-Auditorium: a release
/// is run many times on a database D and on a neighbour D′ (one person removed); for an event E
/// ("the released value is at least t"), the Clopper–Pearson intervals of P_D[E] and P_D′[E] give a
/// lower bound on the ε the release really has: ε ≥ ln((P_D[E] − δ) / P_D′[E]) (both directions are tried).
/// A correct ε-DP release keeps that bound at or below ε whatever the event; a broken one exceeds it.
/// </summary>
internal static class EmpiricalPrivacy
{
    /// <summary>Two-sided confidence for each interval: failures of a correct mechanism have probability below 1e-4 per check.</summary>
    public const double Alpha = 1e-4;

    /// <summary>The Clopper–Pearson interval of a binomial proportion k/n at level 1 − alpha.</summary>
    public static (double Lower, double Upper) ClopperPearson(int k, int n, double alpha = Alpha)
    {
        var lower = k == 0 ? 0 : Beta.InvCDF(k, n - k + 1, alpha / 2);
        var upper = k == n ? 1 : Beta.InvCDF(k + 1, n - k, 1 - alpha / 2);
        return (lower, upper);
    }

    /// <summary>
    /// The largest ε lower bound that the events "value ≥ t" and "value &lt; t" certify, with δ subtracted
    /// from the larger probability as (ε, δ)-DP allows.
    /// </summary>
    public static double EpsilonLowerBound(IReadOnlyList<double> onD, IReadOnlyList<double> onNeighbour, double threshold, double delta = 0)
    {
        var a = onD.Count(v => v >= threshold);
        var b = onNeighbour.Count(v => v >= threshold);
        return Math.Max(
            Math.Max(Bound(a, onD.Count, b, onNeighbour.Count, delta), Bound(b, onNeighbour.Count, a, onD.Count, delta)),
            Math.Max(Bound(onD.Count - a, onD.Count, onNeighbour.Count - b, onNeighbour.Count, delta), Bound(onNeighbour.Count - b, onNeighbour.Count, onD.Count - a, onD.Count, delta)));
    }

    /// <summary>ln((lower(k1/n1) − δ) / upper(k0/n0)), or 0 when the interval allows equality.</summary>
    public static double Bound(int k1, int n1, int k0, int n0, double delta = 0)
    {
        var p1 = ClopperPearson(k1, n1).Lower - delta;
        var p0 = ClopperPearson(k0, n0).Upper;
        return p1 <= 0 || p0 <= 0 ? (p1 > 0 ? double.PositiveInfinity : 0) : Math.Max(0, Math.Log(p1 / p0));
    }
}
