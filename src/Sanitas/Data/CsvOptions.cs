using System.Text;

namespace Sanitas.Data;

/// <summary>How <see cref="CsvReader"/> reads a delimited text file.</summary>
public sealed record CsvOptions
{
    /// <summary>The ISO 8601 calendar date format, the default for <see cref="DateFormats"/>.</summary>
    public const string IsoDateFormat = "yyyy-MM-dd";

    /// <summary>The default options: detected delimiter, header row, inferred types.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>
    /// The field delimiter, or <see langword="null"/> to detect it among comma, semicolon and
    /// tab: the one giving a consistent field count greater than one over the first lines.
    /// </summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether the first row names the columns; without it they are named <c>column1</c> to <c>columnN</c>.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// Column types chosen by the user, by column name; they win over inference. Naming a
    /// column the file does not have, or a value that does not fit, is a <see cref="CsvFormatException"/>.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnType>? ColumnTypes { get; init; }

    /// <summary>Whether to infer column types from the values; otherwise undeclared columns are <see cref="ColumnType.Text"/>.</summary>
    public bool InferTypes { get; init; } = true;

    /// <summary>The exact formats (invariant culture) a <see cref="ColumnType.Date"/> value may take.</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = [IsoDateFormat];

    /// <summary>
    /// The text encoding of files, or <see langword="null"/> for strict UTF-8 (a byte-order mark
    /// is skipped; invalid bytes are an error rather than silently replaced).
    /// </summary>
    public Encoding? Encoding { get; init; }

    /// <summary>Receives the fraction of the input read so far, from 0 to 1, when the input length is known.</summary>
    public IProgress<double>? Progress { get; init; }
}
