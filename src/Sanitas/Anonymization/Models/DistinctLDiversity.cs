using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// Distinct l-diversity: every equivalence class holds at least l distinct values of the
/// sensitive attribute (Machanavajjhala et al. 2007, "l-diversity: privacy beyond
/// k-anonymity", the simplest instantiation). Monotonic with generalization and suppression.
/// </summary>
/// <param name="Attribute">The sensitive attribute.</param>
/// <param name="L">The required number of distinct values, at least 1.</param>
public sealed record DistinctLDiversity(string Attribute, int L) : PrivacyModel
{
    /// <inheritdoc/>
    public override string? SensitiveAttribute => Attribute;

    /// <inheritdoc/>
    public override bool IsMonotonicWithSuppression => true;

    /// <inheritdoc/>
    public override int MinimalClassSize => L;

    /// <inheritdoc/>
    public override string Name => "distinct-l-diversity";

    /// <inheritdoc/>
    public override void Validate()
    {
        if (L < 1)
        {
            throw new InvalidOptionException($"distinct-l-diversity on '{Attribute}': l must be at least 1, got {L}.");
        }
    }

    /// <inheritdoc/>
    public override string StrengthParameter => "l";

    /// <inheritdoc/>
    public override double? Strength => L;

    /// <inheritdoc/>
    public override PrivacyModel? Strengthen(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return L + 1 <= table[Attribute].DistinctCount ? this with { L = L + 1 } : null;
    }

    internal override ClassCriterion Prepare(CriterionContext context) => new Criterion(L) { SensitiveIndex = context.SensitiveIndex };

    private sealed class Criterion(int l) : ClassCriterion
    {
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts) => values.Length >= l;
    }
}
