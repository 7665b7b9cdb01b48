namespace Sanitas.Risk.Attacks;

/// <summary>What a membership-inference attack achieved, as a ROC summary.</summary>
/// <param name="Attack">Which attack: <c>loss-threshold</c>, <c>shadow-model</c> or <c>distance-to-closest-record</c>.</param>
/// <param name="Members">Records that were in the training data (or the synthesizer's input).</param>
/// <param name="NonMembers">Records from the same population that were not (the holdout).</param>
/// <param name="Auc">The exact ROC AUC (0.5: no better than a coin).</param>
/// <param name="AucInterval">Its Hanley-McNeil 95% interval.</param>
/// <param name="TprAtOnePermille">True-positive rate at 0.1% false positives (0 when fewer than 1,000 non-members allow none).</param>
/// <param name="TprAtOnePermilleInterval">Its Wilson 95% interval.</param>
/// <param name="TprAtOnePercent">True-positive rate at 1% false positives.</param>
/// <param name="TprAtOnePercentInterval">Its Wilson 95% interval.</param>
/// <param name="Result">The attack as an <see cref="AttackResult"/>: success rate = AUC, baseline 0.5, trials = members + non-members, successes = round(AUC · trials).</param>
public sealed record MembershipInferenceResult(
    string Attack,
    int Members,
    int NonMembers,
    double Auc,
    ConfidenceInterval AucInterval,
    double TprAtOnePermille,
    ConfidenceInterval TprAtOnePermilleInterval,
    double TprAtOnePercent,
    ConfidenceInterval TprAtOnePercentInterval,
    AttackResult Result);
