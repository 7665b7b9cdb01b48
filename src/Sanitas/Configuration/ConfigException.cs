namespace Sanitas.Configuration;

/// <summary>
/// A YAML configuration file (an anonymization configuration, DP query metadata, training bounds,
/// a synthesis domain) is invalid: malformed YAML, an unknown key, role, model or metric, a missing
/// or mistyped parameter, a file it names that does not exist, or a name that does not match the table. The message names the file, the 1-based line and column,
/// for example <c>adult-k5.yaml, line 7, column 3: unknown privacy model 'k-anon'</c>.
/// </summary>
public sealed class ConfigException : SanitasException
{
    /// <summary>Creates an exception that points at a place in a configuration file.</summary>
    /// <param name="sourceName">The file name or path (may be empty).</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="column">The 1-based column.</param>
    /// <param name="reason">What is wrong, without the place.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ConfigException(string sourceName, int line, int column, string reason, Exception? innerException = null)
        : base(Describe(sourceName, line, column, reason), new ErrorPlace(Source: sourceName, Line: line, Column: column), innerException)
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The configuration file the error was found in, as given to the loader.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; }

    private static string Describe(string sourceName, int line, int column, string reason)
    {
        var place = $"line {line}, column {column}";
        return string.IsNullOrEmpty(sourceName) ? $"{place}: {reason}" : $"{sourceName}, {place}: {reason}";
    }
}
