namespace Sanitas.Risk.Attacks;

/// <summary>What an <see cref="AttributeInferenceAttack"/> achieved.</summary>
/// <param name="Targets">Persons whose sensitive value the adversary tried to infer.</param>
/// <param name="Correct">Persons whose value was inferred correctly.</param>
/// <param name="NoCandidates">Persons with no compatible released record (their record suppressed or their values unknown to the release); the adversary fell back to the overall majority.</param>
/// <param name="MajorityValue">The most frequent sensitive value of the release (the baseline guess).</param>
/// <param name="MajorityRate">Share of targets whose value is <paramref name="MajorityValue"/>: the success of always guessing it (the baseline).</param>
/// <param name="RandomGuessRate">Expected success of guessing at random from the released distribution, Anonymeter's control attack (Giomi et al. 2023).</param>
/// <param name="Result">The attack as an <see cref="AttackResult"/> (baseline: <paramref name="MajorityRate"/>).</param>
public sealed record AttributeInferenceResult(
    int Targets,
    int Correct,
    int NoCandidates,
    string MajorityValue,
    double MajorityRate,
    double RandomGuessRate,
    AttackResult Result);
