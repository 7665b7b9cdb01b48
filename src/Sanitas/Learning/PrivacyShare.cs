using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>One DP release of a training run and its share of the budget.</summary>
/// <param name="Release">What is released: <c>model</c>, <c>rows</c> (the DP estimate of n) or <c>metrics</c> (DP hold-out metrics).</param>
/// <param name="Cost">The release's privacy cost.</param>
public sealed record PrivacyShare(string Release, PrivacyCost Cost)
{
    /// <summary>The model's parameters.</summary>
    public const string ModelRelease = "model";

    /// <summary>The DP estimate of the number of training rows.</summary>
    public const string RowsRelease = "rows";

    /// <summary>The DP metrics on the held-out persons.</summary>
    public const string MetricsRelease = "metrics";
}
