namespace Sanitas.Data;

/// <summary>The type of a column's values, inferred from the data or set by the user.</summary>
public enum ColumnType
{
    /// <summary>Free text or categorical codes.</summary>
    Text,

    /// <summary>Whole numbers (64-bit).</summary>
    Integer,

    /// <summary>Decimal numbers.</summary>
    Decimal,

    /// <summary>Calendar dates (ISO 8601 <c>yyyy-MM-dd</c> or a declared format).</summary>
    Date,
}
