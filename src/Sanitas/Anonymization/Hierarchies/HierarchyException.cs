namespace Sanitas.Anonymization;

/// <summary>
/// A generalization hierarchy is malformed, cannot be read, cannot be built from the given
/// values, or does not cover the values of the attribute it is used for. The message names the
/// source (usually a file) and the line where they are known.
/// </summary>
public sealed class HierarchyException : SanitasException
{
    /// <summary>Creates an exception with a message only.</summary>
    public HierarchyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public HierarchyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that names its place.</summary>
    /// <param name="message">The full message (already naming source and line).</param>
    /// <param name="sourceName">Where the hierarchy came from (a path or a name), if known.</param>
    /// <param name="line">The 1-based line (or row) the error refers to, if any.</param>
    /// <param name="attribute">The attribute (column) the hierarchy was used for, if any.</param>
    public HierarchyException(string message, string? sourceName, int? line = null, string? attribute = null)
        : base(message, new ErrorPlace(Source: sourceName, Line: line, Key: attribute))
    {
        SourceName = sourceName;
        Line = line;
        Attribute = attribute;
    }

    /// <summary>
    /// Where the hierarchy came from: the path given to <see cref="HierarchyReader"/>, the
    /// source passed to <see cref="Hierarchy.FromRows"/>, or <see langword="null"/>. (Named so
    /// as not to hide <see cref="Exception.Source"/>.)
    /// </summary>
    public string? SourceName { get; }

    /// <summary>The 1-based line (or row) the error refers to, or <see langword="null"/>.</summary>
    public int? Line { get; }

    /// <summary>The attribute (column name) the hierarchy was checked against, or <see langword="null"/>.</summary>
    public string? Attribute { get; }

    /// <summary>
    /// For a coverage error (<see cref="Hierarchy.ValidateAgainst"/>): every data value without
    /// a row, in column-dictionary order; <see langword="null"/> stands for the missing value.
    /// Empty for other errors.
    /// </summary>
    public IReadOnlyList<string?> UncoveredValues { get; init; } = [];

    /// <summary>The prefix used in messages: "source, line n: ", "line n: " or "source: ".</summary>
    internal static string Where(string? source, int? line) => (source, line) switch
    {
        (null, null) => "",
        (null, { } l) => $"Line {l}: ",
        ({ } s, null) => $"{s}: ",
        ({ } s, { } l) => $"{s}, line {l}: ",
    };

    /// <summary>A message prefixed with <see cref="Where"/> (capitalized when there is no prefix).</summary>
    internal static string Prefix(string? source, int? line, string message)
    {
        var where = Where(source, line);
        return where.Length == 0 && message.Length > 0 ? char.ToUpperInvariant(message[0]) + message[1..] : where + message;
    }

    /// <summary>Creates an exception whose message starts with <see cref="Where"/>.</summary>
    internal static HierarchyException At(string? source, int? line, string message) =>
        new(Prefix(source, line, message), source, line);
}
