namespace Sanitas.Query;

/// <summary>
/// What the data owner declares about one column, so that sensitivity never comes from the data:
/// its type, the bounds numeric values are clamped to, and — for group keys — whether the set
/// of values is public (safe to release every group) or must go through partition selection.
/// </summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">The declared type.</param>
/// <param name="Lower">The lower clamping bound of a numeric column, if declared.</param>
/// <param name="Upper">The upper clamping bound of a numeric column, if declared.</param>
/// <param name="PublicValues">The public set of values a group key can take, or null when the keys are private.</param>
/// <param name="IsPrivacyUnit">Whether this column identifies the person (the privacy unit).</param>
public sealed record ColumnMetadata(string Name, ColumnKind Kind, double? Lower, double? Upper, IReadOnlyList<string>? PublicValues, bool IsPrivacyUnit)
{
    /// <summary>Whether the column is numeric (integer or real).</summary>
    public bool IsNumeric => Kind is ColumnKind.Integer or ColumnKind.Real;

    /// <summary>Whether both bounds are declared.</summary>
    public bool HasBounds => Lower is not null && Upper is not null;

    /// <summary>
    /// Whether the column is declared <c>private: true</c>: its values are not public, so a GROUP BY on
    /// it releases only the groups that pass DP partition selection, even if it is a bounded integer.
    /// </summary>
    public bool IsPrivate { get; init; }

    /// <summary>
    /// Whether a GROUP BY on this column needs partition selection: declared private, or without
    /// public values and not a bounded integer (whose range would be its public domain).
    /// </summary>
    public bool IsPrivateKey => IsPrivate || (PublicValues is null && !(Kind == ColumnKind.Integer && HasBounds));
}
