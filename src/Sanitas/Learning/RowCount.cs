namespace Sanitas.Learning;

/// <summary>The n a model was trained with, and where it comes from.</summary>
/// <param name="Value">The number of training rows used by the mechanism (a constant in its objective and noise scale).</param>
/// <param name="Source">
/// <see cref="DeclaredPublic"/> (the bounds file's <c>public-rows</c>), <see cref="DpEstimate"/> (a noisy
/// count, charged as the <c>rows</c> share) or <see cref="ExactNotPrivate"/> (a non-private model).
/// </param>
public sealed record RowCount(double Value, string Source)
{
    /// <summary>Declared public by the data steward.</summary>
    public const string DeclaredPublic = "declared-public";

    /// <summary>A DP estimate (noisy count).</summary>
    public const string DpEstimate = "dp-estimate";

    /// <summary>The exact count, in a not-private model file.</summary>
    public const string ExactNotPrivate = "exact-not-private";
}
