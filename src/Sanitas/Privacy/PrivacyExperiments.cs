namespace Sanitas.Privacy;

/// <summary>
/// Diagnostic IDs for <see cref="System.Diagnostics.CodeAnalysis.ExperimentalAttribute"/>: each marks
/// a guarantee that is not yet proven end to end or that depends on the caller. Opt in by
/// suppressing the ID where it is used.
/// </summary>
public static class PrivacyExperiments
{
    /// <summary>
    /// The (ε, δ) map of <see cref="GaussianMechanism"/> is Balle &amp; Wang's analytic bound for
    /// continuous Gaussian noise; the release adds discrete Gaussian noise on a fine grid, whose
    /// (ε, δ) profile is only approximately the same (its zCDP cost is proven).
    /// </summary>
    public const string AnalyticGaussianOnDiscreteNoise = "SAN0001";

    /// <summary>
    /// <see cref="PartitionSelection.Select{TKey}"/> trusts the caller to have bounded each privacy
    /// unit to at most <c>MaxPartitionsContributed</c> keys and to pass distinct-unit counts
    /// (<see cref="PartitionSelection.SelectBounded{TUnit, TKey}"/> bounds itself and is not experimental).
    /// </summary>
    public const string PartitionSelectionCallerBounded = "SAN0002";

    /// <summary>
    /// DP-SGD (<c>Sanitas.Learning.DpSgd.DpSgdTrainer</c>) is accounted with the RDP of the sampled
    /// <em>continuous</em> Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019) but adds exact discrete
    /// Gaussian noise on a grid about 2^−30 of the noise scale; the sampled discrete Gaussian's RDP is
    /// expected to match to numerical precision but is not proven here.
    /// </summary>
    public const string SampledGaussianOnDiscreteNoise = "SAN0003";
}
