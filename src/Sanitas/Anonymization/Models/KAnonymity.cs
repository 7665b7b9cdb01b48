using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// k-anonymity: every record is indistinguishable from at least k-1 others on the
/// quasi-identifiers (Samarati and Sweeney 1998; Sweeney 2002, "k-anonymity: a model for
/// protecting privacy"). Monotonic with generalization and with suppression.
/// </summary>
/// <param name="K">The smallest allowed equivalence class, at least 1.</param>
public sealed record KAnonymity(int K) : PrivacyModel
{
    /// <inheritdoc/>
    public override bool IsMonotonicWithSuppression => true;

    /// <inheritdoc/>
    public override int MinimalClassSize => K;

    /// <inheritdoc/>
    public override string Name => "k-anonymity";

    /// <inheritdoc/>
    public override void Validate()
    {
        if (K < 1)
        {
            throw new InvalidOptionException($"k-anonymity: k must be at least 1, got {K}.");
        }
    }

    /// <inheritdoc/>
    public override string StrengthParameter => "k";

    /// <inheritdoc/>
    public override double? Strength => K;

    /// <inheritdoc/>
    public override PrivacyModel? Strengthen(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var next = Math.Min(K * 2, table.RowCount);
        return next <= K ? null : new KAnonymity(next);
    }

    internal override ClassCriterion Prepare(CriterionContext context) => new Criterion(K);

    private sealed class Criterion(int k) : ClassCriterion
    {
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts) => size >= k;
    }
}
