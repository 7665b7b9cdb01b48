namespace Sanitas.Collaboration;

/// <summary>What a federated run released and what it cost: the final model, cross-validated AUCs, time, traffic and rounds.</summary>
/// <param name="Protocol">fedavg, fedprox, secagg, smpc or threshold-he.</param>
/// <param name="TrainSeconds">Wall time of all fits (folds and final).</param>
/// <param name="EvalSeconds">Wall time of the secure evaluation of the folds.</param>
/// <param name="Coefficients">The final model on all rows, intercept first.</param>
/// <param name="Auc">The AUC of each fold's model on its held-out rows (pooled over the centres).</param>
/// <param name="BytesSent">Request and answer bytes over all channels.</param>
/// <param name="Rounds">Aggregations (each one a round trip to every centre, several for the secure protocols).</param>
/// <param name="Sites">The centres that took part.</param>
/// <param name="Rows">Rows over all centres; null under DP (an exact count is not released).</param>
/// <param name="Dropouts">Centres that dropped out, with the step.</param>
/// <param name="Epsilon">DP: the ε charged to each centre's ledger (null without DP).</param>
/// <param name="Delta">DP: the δ.</param>
public sealed record FederationReport(
    string Protocol,
    double TrainSeconds,
    double EvalSeconds,
    IReadOnlyList<double> Coefficients,
    IReadOnlyList<double> Auc,
    long BytesSent,
    int Rounds,
    IReadOnlyList<string> Sites,
    long? Rows,
    IReadOnlyList<string> Dropouts,
    double? Epsilon,
    double? Delta)
{
    /// <summary>CPU seconds this process spent in the fits (in the loopback demo: all sites and the coordinator).</summary>
    public double? TrainCpuSeconds { get; init; }

    /// <summary>CPU seconds this process spent in the secure evaluation (as <see cref="TrainCpuSeconds"/>).</summary>
    public double? EvalCpuSeconds { get; init; }
}
