using Sanitas.Configuration;

namespace Sanitas.Anonymization;

/// <summary>An attribute as declared in a configuration file.</summary>
internal sealed record ConfiguredAttribute(string Name, AttributeRole Role, HierarchySpec? Hierarchy, ConfigPlace Place);
