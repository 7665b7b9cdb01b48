namespace Sanitas.Privacy.Renyi;

/// <summary>
/// The Rényi DP accountant for DP-SGD (Abadi et al. 2016's moments accountant in the RDP form of
/// Mironov 2017 and Mironov, Talwar &amp; Zhang 2019), as Opacus's <c>RDPAccountant</c> and TensorFlow
/// Privacy's <c>compute_dp_sgd_privacy</c>: the RDP curves of all phases add up order by order; the
/// total becomes (ε, δ) at the best order. It plans a run before any data is read: the ε of given
/// (q, σ, steps), or the σ that reaches a target ε.
/// </summary>
public static class RenyiAccountant
{
    /// <summary>The total RDP curve of the phases (sequential composition).</summary>
    /// <param name="phases">One or more phases.</param>
    /// <param name="orders">The orders to track; <see cref="RenyiOrders.Default"/> if null.</param>
    /// <returns>The composed curve.</returns>
    public static RenyiDp Curve(IReadOnlyList<SampledGaussianPhase> phases, IReadOnlyList<double>? orders = null)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0)
        {
            throw new ArgumentException("The accountant needs at least one phase.", nameof(phases));
        }
        orders ??= RenyiOrders.Default;
        var total = phases[0].Rdp(orders);
        for (var i = 1; i < phases.Count; i++)
        {
            total = total.Compose(phases[i].Rdp(orders));
        }
        return total;
    }

    /// <summary>The (ε, δ) of the composed phases.</summary>
    /// <param name="phases">One or more phases.</param>
    /// <param name="delta">δ in (0, 1).</param>
    /// <param name="orders">The orders to track; <see cref="RenyiOrders.Default"/> if null.</param>
    /// <param name="conversion">The RDP to (ε, δ) conversion.</param>
    /// <returns>ε, δ and the optimal order.</returns>
    public static RenyiEpsilon Epsilon(IReadOnlyList<SampledGaussianPhase> phases, double delta, IReadOnlyList<double>? orders = null,
        RenyiConversion conversion = RenyiConversion.BalleEtAl2020) =>
        Curve(phases, orders).ToApproximateDp(delta, conversion);

    /// <summary>The (ε, δ) of one phase.</summary>
    /// <param name="samplingRate">q in (0, 1].</param>
    /// <param name="noiseMultiplier">σ; positive.</param>
    /// <param name="steps">At least 1.</param>
    /// <param name="delta">δ in (0, 1).</param>
    /// <param name="orders">The orders to track; <see cref="RenyiOrders.Default"/> if null.</param>
    /// <param name="conversion">The RDP to (ε, δ) conversion.</param>
    /// <returns>ε, δ and the optimal order.</returns>
    public static RenyiEpsilon Epsilon(double samplingRate, double noiseMultiplier, long steps, double delta,
        IReadOnlyList<double>? orders = null, RenyiConversion conversion = RenyiConversion.BalleEtAl2020) =>
        Epsilon([new SampledGaussianPhase(samplingRate, noiseMultiplier, steps)], delta, orders, conversion);

    /// <summary>
    /// The smallest noise multiplier σ (to a relative precision of 1e-6) whose run of
    /// <paramref name="steps"/> steps at rate q costs at most <paramref name="targetEpsilon"/>: ε is
    /// decreasing in σ, so bisection between a σ that overspends and one that does not; the answer is
    /// the upper end, whose ε is within the target.
    /// </summary>
    /// <param name="samplingRate">q in (0, 1].</param>
    /// <param name="steps">At least 1.</param>
    /// <param name="targetEpsilon">The ε to reach; positive.</param>
    /// <param name="delta">δ in (0, 1).</param>
    /// <param name="orders">The orders to track; <see cref="RenyiOrders.Default"/> if null.</param>
    /// <param name="conversion">The RDP to (ε, δ) conversion.</param>
    /// <returns>σ with ε(σ) ≤ target.</returns>
    public static double NoiseMultiplier(double samplingRate, long steps, double targetEpsilon, double delta,
        IReadOnlyList<double>? orders = null, RenyiConversion conversion = RenyiConversion.BalleEtAl2020)
    {
        if (!(targetEpsilon > 0) || !double.IsFinite(targetEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, "The target ε must be finite and positive.");
        }
        _ = new SampledGaussianPhase(samplingRate, 1, steps); // validates q and steps
        orders ??= RenyiOrders.Default;
        double EpsilonAt(double sigma) => Epsilon(samplingRate, sigma, steps, delta, orders, conversion).Epsilon;

        return NoiseMultiplierSearch.LeastFitting(EpsilonAt, targetEpsilon)
            ?? throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon,
                $"No noise multiplier up to 1e6 reaches ε = {targetEpsilon} at δ = {delta}: with orders up to α = {orders.Max()} no ε below about log(1/δ)/(α − 1) is reachable; raise ε or δ, or track larger orders.");
    }
}
