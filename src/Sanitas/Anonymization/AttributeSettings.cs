namespace Sanitas.Anonymization;

/// <summary>How one attribute is treated.</summary>
/// <param name="Role">The attribute's role.</param>
/// <param name="Hierarchy">The generalization hierarchy; required for quasi-identifiers.</param>
public sealed record AttributeSettings(AttributeRole Role, Hierarchy? Hierarchy = null);
