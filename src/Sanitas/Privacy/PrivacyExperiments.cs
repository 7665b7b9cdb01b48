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
}
