using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// Recursive (c,l)-diversity: with the sensitive values of a class sorted by count
/// r1 ≥ r2 ≥ … ≥ rm, the class satisfies r1 &lt; c·(rl + rl+1 + … + rm): the most frequent
/// value is not too frequent even after an adversary rules out l-2 others
/// (Machanavajjhala et al. 2007, "l-diversity: privacy beyond k-anonymity", Definition 4.3).
/// A class with fewer than l distinct values fails.
/// </summary>
/// <param name="Attribute">The sensitive attribute.</param>
/// <param name="C">The constant c, greater than 0.</param>
/// <param name="L">The parameter l, at least 1.</param>
public sealed record RecursiveCLDiversity(string Attribute, double C, int L) : PrivacyModel
{
    /// <inheritdoc/>
    public override string? SensitiveAttribute => Attribute;

    /// <inheritdoc/>
    public override bool IsMonotonicWithSuppression => false;

    /// <inheritdoc/>
    public override int MinimalClassSize => L;

    /// <inheritdoc/>
    public override string Name => "recursive-cl-diversity";

    /// <inheritdoc/>
    public override void Validate()
    {
        if (L < 1)
        {
            throw new InvalidOptionException($"recursive-cl-diversity on '{Attribute}': l must be at least 1, got {L}.");
        }
        if (!(C > 0))
        {
            throw new InvalidOptionException($"recursive-cl-diversity on '{Attribute}': c must be greater than 0, got {C}.");
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

    internal override ClassCriterion Prepare(CriterionContext context) => new Criterion(C, L) { SensitiveIndex = context.SensitiveIndex };

    private sealed class Criterion(double c, int l) : ClassCriterion
    {
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts)
        {
            if (counts.Length < l)
            {
                return false;
            }
            Span<int> sorted = counts.Length <= 256 ? stackalloc int[counts.Length] : new int[counts.Length];
            counts.CopyTo(sorted);
            sorted.Sort();
            sorted.Reverse();
            long tail = 0;
            for (var i = l - 1; i < sorted.Length; i++)
            {
                tail += sorted[i];
            }
            return sorted[0] < c * tail;
        }
    }
}
