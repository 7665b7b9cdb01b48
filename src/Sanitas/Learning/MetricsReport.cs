namespace Sanitas.Learning;

/// <summary>A model's metrics and what they are computed on.</summary>
/// <param name="Source">
/// <see cref="TestSet"/> (a public or steward-supplied test file, exact), <see cref="DpHoldout"/> (noisy
/// counts on held-out persons, charged as the <c>metrics</c> share) or <see cref="CrossValidationNotPrivate"/>
/// (k-fold cross-validation on the training rows of a not-private model).
/// </param>
/// <param name="Values">mse and r2 (regression) or accuracy and auc (classification); the DP hold-out also gives its noisy counts.</param>
/// <param name="Description">A sentence for the file and the console: what the numbers are.</param>
public sealed record MetricsReport(string Source, IReadOnlyDictionary<string, double> Values, string Description)
{
    /// <summary>Exact metrics on a test file that is public or supplied by the data steward for this purpose.</summary>
    public const string TestSet = "test-set";

    /// <summary>DP metrics on persons held out of training.</summary>
    public const string DpHoldout = "dp-holdout";

    /// <summary>Cross-validation on the training data: exact, not private.</summary>
    public const string CrossValidationNotPrivate = "cross-validation-not-private";
}
