namespace Sanitas.Query;

/// <summary>One bar of a DP contribution histogram: how many persons have between <see cref="From"/> and <see cref="To"/> rows (or groups).</summary>
/// <param name="From">The smallest count in the bucket (at least 1).</param>
/// <param name="To">The largest count in the bucket; null for the last, open bucket.</param>
/// <param name="Persons">The noisy number of persons (rounded; may be negative).</param>
/// <param name="HalfWidth">The 95% half-width of the noise, whatever the data.</param>
public sealed record ContributionBucket(long From, long? To, double Persons, double HalfWidth);
