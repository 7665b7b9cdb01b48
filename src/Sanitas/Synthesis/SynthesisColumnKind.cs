namespace Sanitas.Synthesis;

/// <summary>How a column's public domain is declared in a synthesis configuration.</summary>
public enum SynthesisColumnKind
{
    /// <summary>A closed list of categories; other values map to the declared fallback category.</summary>
    Categorical,

    /// <summary>Whole numbers in a declared range, binned; synthetic values are whole numbers inside their bin.</summary>
    Integer,

    /// <summary>Real numbers in a declared range, binned; synthetic values are uniform inside their bin.</summary>
    Real,

    /// <summary>ISO dates (yyyy-MM-dd) in a declared range, binned by day, week, month or year.</summary>
    Date,
}
