namespace Sanitas.Query;

/// <summary>
/// A stretch of SQL source text: where it starts (0-based offset, 1-based line and column) and how many
/// characters it covers. Columns count UTF-16 characters; a tab counts as one column.
/// </summary>
/// <param name="Offset">0-based character offset of the first character.</param>
/// <param name="Line">1-based line of the first character.</param>
/// <param name="Column">1-based column of the first character.</param>
/// <param name="Length">Number of characters covered.</param>
public readonly record struct SourceSpan(int Offset, int Line, int Column, int Length)
{
    /// <summary>0-based offset just past the last character.</summary>
    public int End => Offset + Length;

    /// <summary>True for the default span of a node built in code rather than parsed.</summary>
    public bool IsUnknown => Line == 0;

    /// <summary>The span from the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public static SourceSpan Cover(SourceSpan first, SourceSpan last) =>
        new(first.Offset, first.Line, first.Column, Math.Max(0, last.End - first.Offset));

    /// <summary>"line L, column C", as used in error messages.</summary>
    public override string ToString() => $"line {Line}, column {Column}";
}
