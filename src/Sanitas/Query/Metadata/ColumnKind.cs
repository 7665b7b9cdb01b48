namespace Sanitas.Query;

/// <summary>The type of a column as the DP metadata declares it.</summary>
public enum ColumnKind
{
    /// <summary>Whole numbers.</summary>
    Integer,

    /// <summary>Real numbers.</summary>
    Real,

    /// <summary>Text.</summary>
    Text,

    /// <summary>Calendar dates.</summary>
    Date,

    /// <summary>Points in time.</summary>
    Timestamp,

    /// <summary>True or false.</summary>
    Boolean,
}
