namespace Sanitas.Anonymization;

/// <summary>What an attribute is to an adversary, in ARX's vocabulary.</summary>
public enum AttributeRole
{
    /// <summary>Directly identifies a person (name, record number): removed from the output.</summary>
    Identifying,

    /// <summary>Could be linked with outside data (age, sex, ZIP): generalized or suppressed.</summary>
    QuasiIdentifying,

    /// <summary>The information to protect (diagnosis): kept, and constrained by l-diversity or t-closeness.</summary>
    Sensitive,

    /// <summary>Neither identifying nor sensitive: kept as it is.</summary>
    Insensitive,
}
