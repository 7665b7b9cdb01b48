namespace Sanitas.Collaboration;

/// <summary>The demo's reports next to the pooled plaintext reference.</summary>
/// <param name="Reports">One report per protocol.</param>
/// <param name="PooledCoefficients">The maximum-likelihood fit of all rows pooled (Newton), intercept first.</param>
/// <param name="PooledAuc">The pooled fit's AUC per fold, on the same folds.</param>
/// <param name="DataDirectory">Where the site files are.</param>
/// <param name="DealSeconds">Time of the threshold Paillier key generation and dealing (0 if not run).</param>
public sealed record FederationDemoResult(IReadOnlyList<FederationReport> Reports, IReadOnlyList<double> PooledCoefficients, IReadOnlyList<double> PooledAuc, string DataDirectory, double DealSeconds);
