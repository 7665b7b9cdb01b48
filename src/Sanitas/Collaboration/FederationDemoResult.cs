namespace Sanitas.Collaboration;

/// <summary>The demo's reports next to the pooled plaintext reference.</summary>
/// <param name="Reports">One report per protocol.</param>
/// <param name="PooledCoefficients">The maximum-likelihood fit of all rows pooled (Newton), intercept first (logistic regression, also beside an MLP).</param>
/// <param name="PooledAuc">The pooled fit's AUC per fold, on the same folds: of logistic regression, or for <c>model mlp</c> of the same
/// network (same seed) trained on the pooled rows of the fold by mini-batch SGD for rounds × local epochs.</param>
/// <param name="DataDirectory">Where the site files are.</param>
/// <param name="DealSeconds">Time of the threshold Paillier key generation and dealing (0 if not run).</param>
public sealed record FederationDemoResult(IReadOnlyList<FederationReport> Reports, IReadOnlyList<double> PooledCoefficients, IReadOnlyList<double> PooledAuc, string DataDirectory, double DealSeconds)
{
    /// <summary>
    /// The AUC of each report's final model on every row of every site (in-sample), in the order of <see cref="Reports"/>:
    /// only the demo holds all rows, so only it can compute this, e.g. for a DP run, which releases no cross-validated AUC.
    /// </summary>
    public IReadOnlyList<double> FinalAuc { get; init; } = [];

    /// <summary>The in-sample AUC of the pooled plaintext reference model (logistic regression, or the same network trained pooled) on every row.</summary>
    public double PooledFinalAuc { get; init; } = double.NaN;
}
