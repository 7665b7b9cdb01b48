namespace Sanitas.Risk.Attacks;

/// <summary>What a <see cref="LinkageAttack"/> achieved, person by person summed up.</summary>
/// <param name="Persons">Persons in the adversary's identified table (the trials).</param>
/// <param name="UniqueMatches">Persons linked to exactly one released record, which is theirs: certain re-identifications.</param>
/// <param name="ExpectedMatches">The expected number of correct links when the adversary picks one compatible record uniformly: the sum of 1/|candidates| over persons whose record is a candidate.</param>
/// <param name="HighestSuccess">The highest per-person success probability 1/|candidates| (0 when nobody can be linked): the prosecutor risk the attack realizes.</param>
/// <param name="NotReleased">Persons whose record was suppressed or is absent from the release (counted as failures).</param>
/// <param name="Mismatched">Persons whose own record is not among the compatible ones (their known values differ from the released ones); failures.</param>
/// <param name="Result">The attack as an <see cref="AttackResult"/>: success rate = expected matches / persons, baseline 1/N.</param>
public sealed record LinkageAttackResult(
    int Persons,
    int UniqueMatches,
    double ExpectedMatches,
    double HighestSuccess,
    int NotReleased,
    int Mismatched,
    AttackResult Result);
