namespace Sanitas.Risk.Attacks;

/// <summary>
/// What one simulated attack achieved: its success rate with a confidence interval, next to the
/// rate a guesser without the released data would reach. Every attack in
/// <c>Sanitas.Risk.Attacks</c> reports one, and the risk report judges <see cref="Advantage"/>
/// against the data owner's threshold.
/// </summary>
/// <param name="Kind">The attack: <c>linkage</c>, <c>inference</c>, <c>membership</c> or <c>timeseries</c>.</param>
/// <param name="Description">One line saying what the adversary knew and tried, for reports.</param>
/// <param name="Trials">How many targets (records, persons, traces) were attacked.</param>
/// <param name="Successes">How many of them the attack got right; for a membership attack, see <see cref="SuccessRate"/>.</param>
/// <param name="SuccessRate">The attack's success rate (for membership: its balanced accuracy or AUC, as the attack documents).</param>
/// <param name="Interval">The 95% confidence interval of <see cref="SuccessRate"/>.</param>
/// <param name="Baseline">The success rate of the best guess without the released data (e.g. 1/N, the majority class, 0.5).</param>
public sealed record AttackResult(
    string Kind,
    string Description,
    long Trials,
    long Successes,
    double SuccessRate,
    ConfidenceInterval Interval,
    double Baseline)
{
    /// <summary>
    /// The attack's advantage over the baseline, normalized as in Anonymeter (Giomi et al. 2023,
    /// "A Unified Framework for Quantifying Privacy Risk in Synthetic Data", PoPETs):
    /// (rate − baseline) / (1 − baseline), clamped to [0, 1]; 0 when the baseline is already 1.
    /// </summary>
    public double Advantage => Baseline >= 1 ? 0 : Math.Clamp((SuccessRate - Baseline) / (1 - Baseline), 0, 1);

    /// <summary>Builds a result from counted successes, with a Wilson 95% interval.</summary>
    public static AttackResult FromCounts(string kind, string description, long successes, long trials, double baseline) =>
        new(kind, description, trials, successes, trials == 0 ? 0 : (double)successes / trials, ConfidenceInterval.Wilson(successes, trials), baseline);
}
