using System.Text;

namespace Sanitas.Anonymization;

/// <summary>
/// Reads generalization hierarchies in ARX's CSV format: no header, one row per original value
/// (the value, then its generalization at each level), fields separated by <c>;</c> by default.
/// </summary>
/// <remarks>
/// Accepted input: UTF-8 with or without byte order mark; CRLF, LF or CR line ends; fields
/// optionally enclosed in <c>"</c> as ARX writes them, with <c>""</c> standing for a quote inside
/// a quoted field and delimiters or line breaks allowed there; blank (empty or white-space)
/// lines at the end are ignored, a blank line before the last row is an error. Fields are not
/// trimmed. An empty field is the empty string (a row for the missing value starts with the
/// delimiter; see <see cref="Hierarchy.MissingValue"/>). Errors are
/// <see cref="HierarchyException"/>s naming the source and the 1-based physical line.
/// </remarks>
public static class HierarchyReader
{
    /// <summary>ARX's default field delimiter.</summary>
    public const char DefaultDelimiter = ';';

    /// <summary>Reads a hierarchy file; messages name the file by the path as given.</summary>
    /// <param name="path">The file: a regular file (not a device, pipe or folder) within <paramref name="limits"/>.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="limits">The largest file and line accepted (default <see cref="HierarchyFileLimits.Default"/>).</param>
    /// <exception cref="HierarchyException">The file is too large, not UTF-8, malformed or not a valid hierarchy.</exception>
    /// <exception cref="IOException">The file cannot be read, or is not a regular file.</exception>
    public static Hierarchy Read(string path, char delimiter = DefaultDelimiter, HierarchyFileLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        limits = (limits ?? HierarchyFileLimits.Default).Validate();
        CheckFile(path, limits);
        var bytes = File.ReadAllBytes(path);
        return Parse(Decode(bytes, path, limits), path, delimiter);
    }

    /// <summary>Reads a hierarchy file asynchronously; messages name the file by the path as given.</summary>
    /// <exception cref="HierarchyException">The file is too large, not UTF-8, malformed or not a valid hierarchy.</exception>
    /// <exception cref="IOException">The file cannot be read, or is not a regular file.</exception>
    public static async Task<Hierarchy> ReadAsync(string path, char delimiter = DefaultDelimiter, CancellationToken cancellationToken = default, HierarchyFileLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        limits = (limits ?? HierarchyFileLimits.Default).Validate();
        CheckFile(path, limits);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(Decode(bytes, path, limits), path, delimiter);
    }

    private static void CheckFile(string path, HierarchyFileLimits limits)
    {
        Sanitas.Data.FileKinds.RequireRegularFile(path, "hierarchy file");
        var length = new FileInfo(path).Length;
        if (length > limits.MaxBytes)
        {
            throw HierarchyException.At(path, null, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the file has {length:N0} bytes, more than the limit of {limits.MaxBytes:N0} (raise it with the hierarchy's 'maxBytes')."));
        }
    }

    /// <summary>Strict UTF-8 (a byte order mark is dropped): invalid bytes and over-long lines are errors at their line.</summary>
    private static string Decode(byte[] bytes, string source, HierarchyFileLimits limits)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        var chars = new char[span.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(span, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            var line = span[..read].Count((byte)'\n') + 1;
            throw HierarchyException.At(source, line, "the file is not valid UTF-8 (save it as UTF-8).");
        }
        var text = new string(chars, 0, written);
        var lineNumber = 1;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\n')
            {
                if (i - start > limits.MaxLineLength)
                {
                    throw HierarchyException.At(source, lineNumber, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"the line is longer than the limit of {limits.MaxLineLength:N0} characters (raise it with the hierarchy's 'maxLineLength')."));
                }
                lineNumber++;
                start = i + 1;
            }
        }
        return text;
    }

    /// <summary>Reads a hierarchy from a reader (to its end; the reader is not disposed).</summary>
    /// <param name="reader">The text; a leading byte order mark character is skipped.</param>
    /// <param name="source">A name for messages (for example a file name), or <see langword="null"/>.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <exception cref="HierarchyException">The text is malformed or not a valid hierarchy.</exception>
    public static Hierarchy Read(TextReader reader, string? source = null, char delimiter = DefaultDelimiter)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader.ReadToEnd(), source, delimiter);
    }

    /// <summary>Parses hierarchy CSV text.</summary>
    internal static Hierarchy Parse(string text, string? source, char delimiter)
    {
        CheckDelimiter(delimiter);
        var rows = new List<string[]>();
        var lines = new List<int>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var firstBlankLine = 0;
        while (i < text.Length)
        {
            var recordLine = line;
            if (IsBlankLine(text, i, delimiter, out var next))
            {
                if (firstBlankLine == 0)
                {
                    firstBlankLine = line;
                }
                i = next;
                line++;
                continue;
            }
            if (firstBlankLine != 0)
            {
                throw HierarchyException.At(source, firstBlankLine, "blank line before the last row.");
            }

            fields.Clear();
            while (true)
            {
                field.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    var openLine = line;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw HierarchyException.At(source, openLine, "a quoted field is not closed.");
                        }
                        var c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                        {
                            line++;
                        }
                        field.Append(c);
                        i++;
                    }
                    if (i < text.Length && text[i] != delimiter && text[i] != '\r' && text[i] != '\n')
                    {
                        throw HierarchyException.At(source, line, $"unexpected character '{text[i]}' after a closing quote (a quote inside a quoted field is written \"\").");
                    }
                }
                else
                {
                    var start = i;
                    while (i < text.Length && text[i] != delimiter && text[i] != '\r' && text[i] != '\n')
                    {
                        i++;
                    }
                    field.Append(text, start, i - start);
                }
                fields.Add(field.ToString());

                if (i < text.Length && text[i] == delimiter)
                {
                    i++;
                    continue;
                }
                i = SkipLineBreak(text, i);
                line++;
                break;
            }
            rows.Add([.. fields]);
            lines.Add(recordLine);
        }
        return Hierarchy.FromParsedRows([.. rows], [.. lines], source);
    }

    internal static void CheckDelimiter(char delimiter)
    {
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new InvalidOptionException("delimiter", $"The delimiter cannot be a quote or a line break.", null);
        }
    }

    private static bool IsBlankLine(string text, int i, char delimiter, out int next)
    {
        while (i < text.Length && text[i] != '\r' && text[i] != '\n')
        {
            if (text[i] == delimiter || !char.IsWhiteSpace(text[i]))
            {
                next = i;
                return false;
            }
            i++;
        }
        next = SkipLineBreak(text, i);
        return true;
    }

    private static int SkipLineBreak(string text, int i)
    {
        if (i < text.Length && text[i] == '\r')
        {
            i++;
        }
        if (i < text.Length && text[i] == '\n')
        {
            i++;
        }
        return i;
    }
}
