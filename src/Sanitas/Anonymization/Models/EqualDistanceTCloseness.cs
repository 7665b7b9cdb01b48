using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// t-closeness with equal ground distance: in every equivalence class, the Earth Mover's
/// Distance between the class's distribution of the sensitive attribute and its
/// distribution in the whole table is at most t, where all values are at distance 1 from
/// each other, so EMD = ½ Σ |pᵢ − qᵢ| (Li, Li and Venkatasubramanian 2007, "t-closeness:
/// privacy beyond k-anonymity and l-diversity", Section 4.2).
/// </summary>
/// <param name="Attribute">The sensitive attribute.</param>
/// <param name="T">The largest allowed distance, in [0, 1].</param>
public sealed record EqualDistanceTCloseness(string Attribute, double T) : PrivacyModel
{
    /// <inheritdoc/>
    public override string? SensitiveAttribute => Attribute;

    /// <inheritdoc/>
    public override bool IsMonotonicWithSuppression => false;

    /// <inheritdoc/>
    public override string Name => "equal-distance-t-closeness";

    /// <inheritdoc/>
    public override void Validate() => TClosenessParameters.Check(Name, Attribute, T);

    /// <inheritdoc/>
    public override string StrengthParameter => "t";

    /// <inheritdoc/>
    public override double? Strength => T;

    /// <inheritdoc/>
    public override PrivacyModel? Strengthen(Table table) => this with { T = T / 2 };

    internal override ClassCriterion Prepare(CriterionContext context)
    {
        var q = new double[context.GlobalCounts.Length];
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = context.GlobalCounts[i] / (double)context.RowCount;
        }
        return new Criterion(q, T) { SensitiveIndex = context.SensitiveIndex };
    }

    /// <summary>½ Σ|p−q| over all values; values absent from the class contribute qᵢ.</summary>
    internal static double Distance(ReadOnlySpan<int> values, ReadOnlySpan<int> counts, int size, double[] q)
    {
        var inClass = 0d;
        var covered = 0d;
        for (var i = 0; i < values.Length; i++)
        {
            var qi = q[values[i]];
            inClass += Math.Abs(counts[i] / (double)size - qi);
            covered += qi;
        }
        return 0.5 * (inClass + Math.Max(0, 1 - covered));
    }

    private sealed class Criterion(double[] q, double t) : ClassCriterion
    {
        public override bool IsSatisfied(int size, ReadOnlySpan<int> values, ReadOnlySpan<int> counts) =>
            Distance(values, counts, size, q) <= t + 1e-12;
    }
}
