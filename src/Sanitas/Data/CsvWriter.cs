using System.Text;

namespace Sanitas.Data;

/// <summary>
/// Writes a <see cref="Table"/> as RFC 4180 delimited text: UTF-8 without byte-order mark, LF
/// line ends, a header row; fields holding the delimiter, a quote, CR or LF are quoted with
/// inner quotes doubled; missing values are empty. Files are written to a temporary file in
/// the same folder and moved into place only when complete, so a failure never leaves a
/// half-written file and never damages an existing one.
/// </summary>
public static class CsvWriter
{
    private const int ChunkSize = 1 << 16;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes a table to a file, replacing it only once the new content is complete.</summary>
    /// <param name="table">The table.</param>
    /// <param name="path">The file path.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="ct">Cancels the write; the target is then left as it was.</param>
    public static void Write(Table table, string path, char delimiter = ',', CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckDelimiter(delimiter);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8, ChunkSize, leaveOpen: true);
            Write(table, writer, delimiter, ct);
            writer.Flush();
            ct.ThrowIfCancellationRequested();
        });
    }

    /// <summary>Writes a table to a file asynchronously, replacing it only once the new content is complete.</summary>
    /// <param name="table">The table.</param>
    /// <param name="path">The file path.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="ct">Cancels the write; the target is then left as it was.</param>
    public static async Task WriteAsync(Table table, string path, char delimiter = ',', CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckDelimiter(delimiter);
        await AtomicFile.WriteAsync(path, async (stream, token) =>
        {
            var writer = new StreamWriter(stream, Utf8, ChunkSize, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                await WriteAsync(table, writer, delimiter, token).ConfigureAwait(false);
                await writer.FlushAsync(token).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Writes a table to a text writer (which the caller owns; line ends are always LF).</summary>
    /// <param name="table">The table.</param>
    /// <param name="writer">The destination.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="ct">Cancels the write.</param>
    public static void Write(Table table, TextWriter writer, char delimiter = ',', CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        CheckDelimiter(delimiter);
        var chunks = new Chunks(table, delimiter);
        while (chunks.Next(ct) is { } chunk)
        {
            writer.Write(chunk);
        }
    }

    /// <summary>Writes a table to a text writer asynchronously (which the caller owns; line ends are always LF).</summary>
    /// <param name="table">The table.</param>
    /// <param name="writer">The destination.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task WriteAsync(Table table, TextWriter writer, char delimiter = ',', CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        CheckDelimiter(delimiter);
        var chunks = new Chunks(table, delimiter);
        while (chunks.Next(ct) is { } chunk)
        {
            await writer.WriteAsync(chunk, ct).ConfigureAwait(false);
        }
    }

    private static void CheckDelimiter(char delimiter)
    {
        if (delimiter is '"' or '\r' or '\n')
        {
            throw InvalidOptionException.Of("delimiter", "The delimiter cannot be a quote or a line break.");
        }
    }

    /// <summary>
    /// Writes a table as UTF-8 CSV to a stream the caller owns (the temporary file of an <see cref="AtomicFile"/>);
    /// <paramref name="rowsWritten"/> receives the rows written each time another <paramref name="rowStride"/> rows are done.
    /// </summary>
    internal static void Write(Table table, Stream stream, char delimiter, CancellationToken ct, IProgress<long>? rowsWritten = null, int rowStride = 1 << 16)
    {
        using var writer = new StreamWriter(stream, Utf8, ChunkSize, leaveOpen: true);
        CheckDelimiter(delimiter);
        var chunks = new Chunks(table, delimiter);
        long next = rowStride;
        while (chunks.Next(ct) is { } chunk)
        {
            writer.Write(chunk);
            if (rowsWritten is not null && chunks.Row >= next && chunks.Row < table.RowCount)
            {
                rowsWritten.Report(chunks.Row);
                next = (chunks.Row / rowStride + 1L) * rowStride;
            }
        }
        writer.Flush();
    }

    /// <summary>The header and rows as text chunks of about <see cref="ChunkSize"/> characters.</summary>
    private sealed class Chunks
    {
        private readonly StringBuilder _text = new(ChunkSize + 1024);
        private readonly string[][] _encoded;
        private readonly Column[] _columns;
        private readonly char _delimiter;
        private readonly int _rows;
        private int _row = -1;

        /// <summary>The rows in the chunks returned so far.</summary>
        public int Row => Math.Max(0, _row);

        public Chunks(Table table, char delimiter)
        {
            _delimiter = delimiter;
            _rows = table.RowCount;
            _columns = [.. table.Columns];
            _encoded = [.. _columns.Select(c => c.Dictionary.Select(v => Encode(v ?? string.Empty)).ToArray())];
        }

        public StringBuilder? Next(CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            if (_row >= _rows || _columns.Length == 0)
            {
                return null;
            }
            _text.Clear();
            if (_row < 0)
            {
                for (var c = 0; c < _columns.Length; c++)
                {
                    AppendField(Encode(_columns[c].Name), c);
                }
                _text.Append('\n');
                _row = 0;
            }
            while (_row < _rows && _text.Length < ChunkSize)
            {
                for (var c = 0; c < _columns.Length; c++)
                {
                    AppendField(_encoded[c][_columns[c].Codes[_row]], c);
                }
                _text.Append('\n');
                _row++;
            }
            return _text;
        }

        private void AppendField(string field, int column)
        {
            if (column > 0)
            {
                _text.Append(_delimiter);
            }
            _text.Append(field);
        }

        private string Encode(string value)
        {
            if (value.Length == 0 && _columns.Length == 1)
            {
                // A lone empty field would read back as a blank line, which readers skip.
                return "\"\"";
            }
            if (value.AsSpan().IndexOfAny(_delimiter, '"', '\n') < 0 && !value.Contains('\r'))
            {
                return value;
            }
            return $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        }
    }
}
