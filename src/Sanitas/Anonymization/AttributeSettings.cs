namespace Sanitas.Anonymization;

/// <summary>How one attribute is treated.</summary>
/// <param name="Role">The attribute's role.</param>
/// <param name="Hierarchy">The generalization hierarchy; required for quasi-identifiers.</param>
public sealed record AttributeSettings(AttributeRole Role, Hierarchy? Hierarchy = null)
{
    /// <summary>
    /// The quasi-identifier's weight in the utility metric (config: <c>weight</c>; default 1): a positive
    /// number; weights are scaled so the largest is 1, as in ARX, so only their ratios matter. A heavier
    /// attribute's loss counts more, so the search prefers to generalize the lighter ones.
    /// </summary>
    public double Weight { get; init; } = 1;

    /// <summary>The lowest generalization level the search may choose (config: <c>minLevel</c>; default 0).</summary>
    public int MinLevel { get; init; }

    /// <summary>The highest generalization level the search may choose (config: <c>maxLevel</c>; default the hierarchy's top).</summary>
    public int? MaxLevel { get; init; }
}
