namespace Sanitas;

/// <summary>
/// Where an input error was found, as far as it is known: a file with its 1-based line and column, a
/// 0-based offset into a SQL text, or the key of a configuration entry or option (such as
/// <c>maxRowsPerUnit</c>). Every part is optional.
/// </summary>
/// <param name="Source">The file (or other named input) the error is in.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Offset">The 0-based character offset, for SQL text.</param>
/// <param name="Key">The configuration key or option name, in the library's own terms.</param>
public sealed record ErrorPlace(string? Source = null, int? Line = null, int? Column = null, int? Offset = null, string? Key = null);
