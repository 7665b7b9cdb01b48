namespace Sanitas.Privacy;

/// <summary>
/// Checked composition of costs in one measure. Sequential composition (several releases on the
/// same data) adds ε, δ or ρ (Dwork &amp; Roth 2014, Theorem 3.16; Bun &amp; Steinke 2016, Lemma 2.3).
/// Parallel composition (releases on disjoint parts of the data, each person in one part) takes the
/// maximum (McSherry 2009). Mixed measures are refused: convert first with
/// <see cref="PrivacyConversions"/>.
/// </summary>
public static class PrivacyComposition
{
    /// <summary>The total cost of releases on the same data.</summary>
    /// <param name="costs">One or more costs, all in the same measure.</param>
    /// <returns>The sum, in that measure.</returns>
    public static PrivacyCost Sequential(params IReadOnlyList<PrivacyCost> costs) =>
        Combine(costs, (a, b) => a + b, "sequential");

    /// <summary>The total cost of releases on disjoint parts of the data.</summary>
    /// <param name="costs">One or more costs, all in the same measure.</param>
    /// <returns>The component-wise maximum, in that measure.</returns>
    public static PrivacyCost Parallel(params IReadOnlyList<PrivacyCost> costs) =>
        Combine(costs, Math.Max, "parallel");

    private static PrivacyCost Combine(IReadOnlyList<PrivacyCost> costs, Func<double, double, double> op, string kind)
    {
        ArgumentNullException.ThrowIfNull(costs);
        if (costs.Count == 0)
        {
            throw new ArgumentException($"{kind} composition needs at least one cost.", nameof(costs));
        }
        var total = costs[0];
        for (var i = 1; i < costs.Count; i++)
        {
            var next = costs[i];
            total = (total, next) switch
            {
                (PureDp a, PureDp b) => new PureDp(op(a.Epsilon, b.Epsilon)),
                (ApproximateDp a, ApproximateDp b) => new ApproximateDp(op(a.Epsilon, b.Epsilon), Math.Min(1, op(a.Delta, b.Delta))),
                (ZeroConcentratedDp a, ZeroConcentratedDp b) => new ZeroConcentratedDp(op(a.Rho, b.Rho)),
                _ => throw new ArgumentException(
                    $"Cannot compose {total.GetType().Name} ({total}) with {next?.GetType().Name ?? "null"} ({next}); convert to one measure first.",
                    nameof(costs)),
            };
        }
        return total;
    }
}
