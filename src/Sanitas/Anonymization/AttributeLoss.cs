namespace Sanitas.Anonymization;

/// <summary>
/// What one quasi-identifier lost: its chosen level within the allowed range, its weight, its own loss
/// under a per-attribute metric and that loss as a percentage of the attribute's maximum (its loss when
/// fully generalized, nothing suppressed), and how many distinct values it had before and after.
/// </summary>
public sealed record AttributeLoss
{
    /// <summary>The attribute.</summary>
    public required string Attribute { get; init; }

    /// <summary>The chosen generalization level.</summary>
    public required int Level { get; init; }

    /// <summary>The lowest level the search could choose (<c>minLevel</c>).</summary>
    public required int MinLevel { get; init; }

    /// <summary>The highest level the search could choose (<c>maxLevel</c>, default the hierarchy's top).</summary>
    public required int MaxLevel { get; init; }

    /// <summary>The hierarchy's top level.</summary>
    public required int HierarchyHeight { get; init; }

    /// <summary>The weight in the utility metric, scaled so that the largest weight is 1.</summary>
    public required double Weight { get; init; }

    /// <summary>
    /// The metric of <see cref="Value"/>: the search's metric when it adds up per-attribute losses
    /// (non-uniform entropy, loss, precision, height), else <c>loss</c> (Iyengar's, in [0, 1]).
    /// </summary>
    public required string Metric { get; init; }

    /// <summary>The attribute's own loss, unweighted.</summary>
    public required double Value { get; init; }

    /// <summary>The attribute's loss at its hierarchy's top level with nothing suppressed.</summary>
    public required double Maximum { get; init; }

    /// <summary><see cref="Value"/> as a percentage of <see cref="Maximum"/> (0 when the maximum is 0).</summary>
    public double Percent => Maximum == 0 ? 0 : 100 * Value / Maximum;

    /// <summary>Distinct values in the input.</summary>
    public required int DistinctValuesBefore { get; init; }

    /// <summary>Distinct generalized values among the released (not suppressed) records.</summary>
    public required int DistinctValuesAfter { get; init; }
}
