namespace Sanitas.Anonymization;

/// <summary>
/// The prepared, allocation-free test of one privacy model on one equivalence class. The class
/// is given by its size and, for models with a sensitive attribute, the histogram of that
/// attribute's codes (distinct codes and their counts, in no particular order).
/// </summary>
internal abstract class ClassCriterion
{
    /// <summary>The index of the sensitive attribute whose histogram this criterion reads, or -1.</summary>
    public int SensitiveIndex { get; init; } = -1;

    public abstract bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts);
}
