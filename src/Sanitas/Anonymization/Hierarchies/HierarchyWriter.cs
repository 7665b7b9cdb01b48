using System.Text;

namespace Sanitas.Anonymization;

/// <summary>
/// Writes generalization hierarchies in ARX's CSV format (see <see cref="HierarchyReader"/>):
/// no header, <c>;</c> by default, LF line ends, UTF-8 without byte order mark. A field is
/// enclosed in <c>"</c> (inner quotes doubled) only when it holds the delimiter, a quote or a
/// line break, or when it is the only field of a row and empty or white space; so the output reads back to an
/// equal hierarchy.
/// </summary>
public static class HierarchyWriter
{
    /// <summary>Writes a hierarchy to a file, replacing it all at once (see <see cref="Sanitas.Data.AtomicFile"/>).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(Hierarchy hierarchy, string path, char delimiter = HierarchyReader.DefaultDelimiter)
    {
        ArgumentNullException.ThrowIfNull(path);
        Sanitas.Data.AtomicFile.WriteAllText(path, ToCsv(hierarchy, delimiter));
    }

    /// <summary>Writes a hierarchy to a file asynchronously, replacing it.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static async Task WriteAsync(Hierarchy hierarchy, string path, char delimiter = HierarchyReader.DefaultDelimiter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = ToCsv(hierarchy, delimiter);
        await Sanitas.Data.AtomicFile.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a hierarchy to a writer (which is not disposed).</summary>
    public static void Write(Hierarchy hierarchy, TextWriter writer, char delimiter = HierarchyReader.DefaultDelimiter)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(writer);
        HierarchyReader.CheckDelimiter(delimiter);
        foreach (var row in hierarchy.Rows)
        {
            for (var l = 0; l < row.Count; l++)
            {
                if (l > 0)
                {
                    writer.Write(delimiter);
                }
                WriteField(writer, row[l], delimiter, alone: row.Count == 1);
            }
            writer.Write('\n');
        }
    }

    /// <summary>The hierarchy as CSV text.</summary>
    public static string ToCsv(Hierarchy hierarchy, char delimiter = HierarchyReader.DefaultDelimiter)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(hierarchy, writer, delimiter);
        return writer.ToString();
    }

    private static void WriteField(TextWriter writer, string value, char delimiter, bool alone)
    {
        var quote = (alone && string.IsNullOrWhiteSpace(value)) || value.AsSpan().IndexOfAny(['"', '\r', '\n', delimiter]) >= 0;
        if (!quote)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
