namespace Sanitas.Anonymization;

/// <summary>
/// The score SafePub's exponential mechanism maximizes when it picks a transformation (Bild, Kuhn
/// &amp; Prasser 2018, Section 5): each is scaled so that adding or removing one record changes it by at most 1.
/// </summary>
public enum SafePubScore
{
    /// <summary>Granularity (Section 5.1; ARX's non-monotonic precision): released records weighted by how little their values were generalized.</summary>
    Granularity,

    /// <summary>Discernibility (Section 5.2): the sum of squared class sizes, suppressed records penalized with the table size.</summary>
    Discernibility,
}
