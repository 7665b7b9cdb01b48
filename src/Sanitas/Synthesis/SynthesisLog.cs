namespace Sanitas.Synthesis;

/// <summary>
/// What a synthesis run released besides the table, safe to give the analyst: the guarantee, its
/// zCDP budget and split, and the private steps (<see cref="SynthesisStep"/>). It holds no
/// statistic of the input except through the DP steps.
/// </summary>
/// <param name="Mechanism"><c>mst</c> or <c>aim</c>.</param>
/// <param name="Epsilon">ε of the guarantee.</param>
/// <param name="Delta">δ of the guarantee.</param>
/// <param name="Rho">The zCDP budget ρ that implies (ε, δ) (Canonne, Kamath &amp; Steinke 2020).</param>
/// <param name="RhoSpent">The ρ the steps spent (at most <paramref name="Rho"/>).</param>
/// <param name="Steps">The private steps, in order.</param>
/// <param name="EstimatedRows">The model's DP estimate of the input's size.</param>
/// <param name="Rows">The rows generated.</param>
/// <param name="Cliques">The model's cliques (its junction tree).</param>
public sealed record SynthesisLog(string Mechanism, double Epsilon, double Delta, double Rho, double RhoSpent, IReadOnlyList<SynthesisStep> Steps,
    double EstimatedRows, int Rows, IReadOnlyList<IReadOnlyList<string>> Cliques)
{
    /// <summary>DP-CTGAN: the discriminator's DP-SGD schedule and the composed Rényi-accountant ε (null for the other mechanisms).</summary>
    public Gan.DpCtganAccounting? DpCtgan { get; init; }

    /// <summary>
    /// The synthetic table against the noisy marginals the mechanism released (post-processing of DP values:
    /// no extra privacy cost, no real row read); null when none was computed.
    /// </summary>
    public MeasurementFidelity? Fidelity { get; init; }
}
