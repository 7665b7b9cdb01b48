namespace Sanitas.Anonymization;

/// <summary>Which end of a value <see cref="MaskingHierarchyBuilder"/> masks first.</summary>
public enum MaskingDirection
{
    /// <summary>Mask the last character first (ZIP codes: <c>47677</c>, <c>4767*</c>, <c>476**</c>, …).</summary>
    RightToLeft,

    /// <summary>Mask the first character first (<c>47677</c>, <c>*7677</c>, <c>**677</c>, …).</summary>
    LeftToRight,
}
