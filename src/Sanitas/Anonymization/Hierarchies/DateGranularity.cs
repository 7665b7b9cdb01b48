namespace Sanitas.Anonymization;

/// <summary>A level of a date hierarchy built by <see cref="DateHierarchyBuilder"/>, finest first.</summary>
public enum DateGranularity
{
    /// <summary>The calendar day, <c>yyyy-MM-dd</c> (useful when the values carry a time).</summary>
    Day,

    /// <summary>The ISO 8601 week, <c>yyyy-Www</c> with the ISO week-numbering year. Weeks straddle months and years, so this can only be the last level before <c>*</c>.</summary>
    Week,

    /// <summary>The month, <c>yyyy-MM</c>.</summary>
    Month,

    /// <summary>The quarter, <c>yyyy-Qn</c>.</summary>
    Quarter,

    /// <summary>The year, <c>yyyy</c>.</summary>
    Year,

    /// <summary>The decade, <c>1980-1989</c>.</summary>
    Decade,
}
