namespace Sanitas.Data;

/// <summary>
/// A CSV input is malformed or holds a value that does not fit its declared type. The
/// message names the source, the 1-based physical line and, where known, the 1-based field,
/// for example <c>adult.csv, line 17, column 4: unterminated quoted field</c>.
/// </summary>
public sealed class CsvFormatException : SanitasDataException
{
    /// <summary>Creates an exception that points at a place in a CSV source.</summary>
    /// <param name="sourceName">The file or stream name (may be empty).</param>
    /// <param name="line">The 1-based physical line.</param>
    /// <param name="column">The 1-based field index, or <see langword="null"/> when the error concerns a whole line.</param>
    /// <param name="reason">What is wrong, without the place.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public CsvFormatException(string sourceName, int line, int? column, string reason, Exception? innerException = null)
        : base(Describe(sourceName, line, column, reason), innerException)
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file or stream name the error was found in.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based physical line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based field index, or <see langword="null"/> when the error concerns a whole line.</summary>
    public int? Column { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; }

    private static string Describe(string sourceName, int line, int? column, string reason)
    {
        var place = column is { } c ? $"line {line}, column {c}" : $"line {line}";
        return string.IsNullOrEmpty(sourceName) ? $"{place}: {reason}" : $"{sourceName}, {place}: {reason}";
    }
}
