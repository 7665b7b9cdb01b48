using Sanitas.Risk.Attacks;

namespace Sanitas.Synthesis;

/// <summary>
/// How close a synthetic table is to the real one, how useful and how private, computed WITH the
/// real data: a data owner's report, not differentially private, never to be released to the
/// analyst who asked for the synthetic table (it would leak the real marginals).
/// </summary>
/// <param name="RealRows">Rows of the real table.</param>
/// <param name="SyntheticRows">Rows of the synthetic table.</param>
/// <param name="Marginals">TVD = ½‖p − q‖₁ of the normalized histograms over the declared cells, per marginal degree 1, 2, 3.</param>
/// <param name="AssociationMeanDifference">Mean |V_real − V_syn| of Cramér's V over all column pairs.</param>
/// <param name="AssociationMaxDifference">The largest such difference.</param>
/// <param name="Pmse">Propensity mean squared error (Woo et al. 2009) of a logistic model telling real from synthetic rows (0: indistinguishable; at most c(1 − c)), or null.</param>
/// <param name="Target">The TSTR target column, or null.</param>
/// <param name="AccuracySynthetic">TSTR: logistic regression on one-hot cells trained on the synthetic table, accuracy on the real one.</param>
/// <param name="AccuracyReal">The same model trained on the real table (accuracy on the real one, in-sample).</param>
/// <param name="AccuracyMajority">The real table's majority-class rate.</param>
/// <param name="MembershipInference">The distance-to-closest-record membership attack (needs a holdout), or null.</param>
/// <param name="OneWay">Every column's 1-way marginal in both tables.</param>
public sealed record SynthesisEvaluation(
    int RealRows,
    int SyntheticRows,
    IReadOnlyList<MarginalDistance> Marginals,
    double AssociationMeanDifference,
    double AssociationMaxDifference,
    double? Pmse,
    string? Target,
    double? AccuracySynthetic,
    double? AccuracyReal,
    double? AccuracyMajority,
    MembershipInferenceResult? MembershipInference,
    IReadOnlyList<MarginalComparison> OneWay)
{
    /// <summary>Anonymeter-style singling-out, linkability and inference risks against the holdout as control (with a holdout), else empty.</summary>
    internal IReadOnlyList<SyntheticRisk> Risks { get; init; } = [];

    /// <summary>Distances to the closest input and holdout records (with a holdout), else null.</summary>
    internal ClosestRecordDistances? Distances { get; init; }

    /// <summary>One line per privacy measure computed with the holdout (for the command line), empty without one.</summary>
    public IReadOnlyList<string> PrivacySummary() =>
    [
        .. Distances is { } d
            ? new[] { string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"DCR over {d.Rows} synthetic rows: mean {d.MeanToTraining:F3} cells to the input, {d.MeanToHoldout:F3} to the holdout; exact copies {d.ExactTraining:P1} / {d.ExactHoldout:P1}; closer to the input {d.CloserToTraining:F3} (0.5: none seen).") }
            : [],
        .. Risks.Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{r.Attack}: attack {r.AttackRate:F3}, control {r.ControlRate:F3}, risk {r.Risk:F3} [{r.RiskInterval.Lower:F3}, {r.RiskInterval.Upper:F3}] over {r.Attempts} attempts.")),
    ];

    /// <summary>What the report is and who may see it.</summary>
    public const string Audience = "data owner only: computed from the real data, not differentially private; do not release to the analyst";
}
