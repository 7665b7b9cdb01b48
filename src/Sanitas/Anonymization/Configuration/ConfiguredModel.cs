using Sanitas.Configuration;

namespace Sanitas.Anonymization;

/// <summary>
/// A privacy model as declared in a configuration file; <see cref="Create"/> makes it, given a way
/// to resolve a builder-declared hierarchy against the table.
/// </summary>
internal sealed record ConfiguredModel(string Name, string? Attribute, ConfigPlace Place, Func<Func<HierarchySpec, Hierarchy>, PrivacyModel> Create);
