using Sanitas.Configuration;

namespace Sanitas.Anonymization;

/// <summary>An attribute as declared in a configuration file.</summary>
internal sealed record ConfiguredAttribute(string Name, AttributeRole Role, HierarchySpec? Hierarchy, ConfigPlace Place)
{
    /// <summary>The <c>weight</c> in the utility metric.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>The <c>minLevel</c>.</summary>
    public int MinLevel { get; init; }

    /// <summary>The <c>maxLevel</c>, if given.</summary>
    public int? MaxLevel { get; init; }
}
