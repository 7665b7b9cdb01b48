using System.Text;

namespace Sanitas.Data;

/// <summary>
/// Reads delimited text (RFC 4180) into a dictionary-encoded <see cref="Table"/>: quoted fields
/// may hold delimiters, doubled quotes and line breaks; CRLF and LF line ends; UTF-8 with or
/// without a byte-order mark; an empty cell is a missing value; blank lines are skipped. Values
/// are kept as written (only the '\r' of a CRLF is removed). Column types are inferred by
/// <see cref="ColumnTypeInference"/> unless declared in <see cref="CsvOptions.ColumnTypes"/>.
/// </summary>
/// <remarks>Malformed input throws <see cref="CsvFormatException"/>, naming the line and field.</remarks>
public static class CsvReader
{
    private const int FileBufferSize = 1 << 16;

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">How to read it; <see langword="null"/> for <see cref="CsvOptions.Default"/>.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="CsvFormatException">The file is malformed or a value does not fit its declared type.</exception>
    public static Table Read(string path, CsvOptions? options = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= CsvOptions.Default;
        FileKinds.RequireRegularFile(path, "The CSV file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan);
        using var reader = OpenText(stream, options);
        try
        {
            return Parse(reader, Path.GetFileName(path), options, ct);
        }
        catch (CsvFormatException e) when (e.InnerException is DecoderFallbackException && options.Encoding is null)
        {
            throw InvalidUtf8(path, e);
        }
    }

    /// <summary>
    /// The column names of a CSV file from its header line alone, without reading any data row (metadata that
    /// may be read before a privacy charge).
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <returns>The column names.</returns>
    /// <exception cref="SanitasDataException">The file is empty or its header is malformed.</exception>
    public static async Task<IReadOnlyList<string>> ReadHeaderAsync(string path, CancellationToken ct = default)
    {
        using var reader = new StreamReader(path);
        var header = await reader.ReadLineAsync(ct).ConfigureAwait(false)
            ?? throw new SanitasDataException($"{Path.GetFileName(path)}: the file is empty (expected a header row).");
        return [.. Parse(new StringReader(header + "\n"), Path.GetFileName(path), null, ct).ColumnNames];
    }

    /// <summary>Reads a CSV file asynchronously.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">How to read it; <see langword="null"/> for <see cref="CsvOptions.Default"/>.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="CsvFormatException">The file is malformed or a value does not fit its declared type.</exception>
    public static async Task<Table> ReadAsync(string path, CsvOptions? options = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= CsvOptions.Default;
        FileKinds.RequireRegularFile(path, "The CSV file");
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        using var reader = OpenText(stream, options);
        try
        {
            return await ParseAsync(reader, Path.GetFileName(path), options, ct).ConfigureAwait(false);
        }
        catch (CsvFormatException e) when (e.InnerException is DecoderFallbackException && options.Encoding is null)
        {
            throw InvalidUtf8(path, e);
        }
    }

    /// <summary>Parses CSV text from a reader (which the caller owns and disposes).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">The name used in error messages, such as the file name.</param>
    /// <param name="options">How to read it; <see langword="null"/> for <see cref="CsvOptions.Default"/>.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="CsvFormatException">The text is malformed or a value does not fit its declared type.</exception>
    public static Table Parse(TextReader reader, string sourceName, CsvOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= CsvOptions.Default;
        var parser = new CsvParser(sourceName, options);
        var progress = new ProgressReporter(options.Progress, reader);
        try
        {
            do
            {
                ct.ThrowIfCancellationRequested();
                progress.Report();
            }
            while (parser.Advance(reader.Read(parser.GetFreeSpace().Span)));
        }
        catch (DecoderFallbackException e)
        {
            throw InvalidText(parser, e);
        }
        var table = parser.Build();
        progress.Complete();
        return table;
    }

    /// <summary>Parses CSV text from a reader asynchronously (the caller owns and disposes the reader).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">The name used in error messages, such as the file name.</param>
    /// <param name="options">How to read it; <see langword="null"/> for <see cref="CsvOptions.Default"/>.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="CsvFormatException">The text is malformed or a value does not fit its declared type.</exception>
    public static async Task<Table> ParseAsync(TextReader reader, string sourceName, CsvOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= CsvOptions.Default;
        var parser = new CsvParser(sourceName, options);
        var progress = new ProgressReporter(options.Progress, reader);
        try
        {
            do
            {
                ct.ThrowIfCancellationRequested();
                progress.Report();
            }
            while (parser.Advance(await reader.ReadAsync(parser.GetFreeSpace(), ct).ConfigureAwait(false)));
        }
        catch (DecoderFallbackException e)
        {
            throw InvalidText(parser, e);
        }
        var table = parser.Build();
        progress.Complete();
        return table;
    }

    /// <summary>Streams a CSV file record by record into <paramref name="sink"/> (nothing is kept but what the sink keeps).</summary>
    /// <exception cref="CsvFormatException">The file is malformed.</exception>
    internal static void Stream(string path, CsvOptions options, ICsvRecordSink sink, CancellationToken ct)
    {
        FileKinds.RequireRegularFile(path, "The CSV file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan);
        using var reader = OpenText(stream, options);
        var parser = new CsvParser(Path.GetFileName(path), options, sink);
        var progress = new ProgressReporter(options.Progress, reader);
        try
        {
            try
            {
                do
                {
                    ct.ThrowIfCancellationRequested();
                    progress.Report();
                }
                while (parser.Advance(reader.Read(parser.GetFreeSpace().Span)));
                parser.Finish();
            }
            catch (DecoderFallbackException e)
            {
                throw InvalidText(parser, e);
            }
        }
        catch (CsvFormatException e) when (e.InnerException is DecoderFallbackException && options.Encoding is null)
        {
            throw InvalidUtf8(path, e);
        }
        progress.Complete();
    }

    private static StreamReader OpenText(FileStream stream, CsvOptions options)
    {
        // A strict UTF-8 whose preamble is the byte-order mark: StreamReader skips the mark and
        // invalid bytes throw instead of turning into U+FFFD.
        var encoding = options.Encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);
        return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, FileBufferSize);
    }

    /// <summary>
    /// The decoder runs a block ahead of the parser, so the parser's line is not where the bad bytes are:
    /// find the first invalid UTF-8 sequence in the file and name its line.
    /// </summary>
    private static CsvFormatException InvalidUtf8(string path, CsvFormatException original)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan);
        var buffer = new byte[FileBufferSize];
        var chars = new char[FileBufferSize];
        var line = 1;
        var carried = 0;
        var first = true;
        while (true)
        {
            var read = stream.Read(buffer, carried, buffer.Length - carried);
            var length = carried + read;
            var span = buffer.AsSpan(0, length);
            if (first && span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                span = span[3..];
            }
            first = false;
            var status = System.Text.Unicode.Utf8.ToUtf16(span, chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: read == 0);
            line += span[..consumed].Count((byte)'\n');
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                return new CsvFormatException(Path.GetFileName(path), line, null, "the text is not valid UTF-8 (save the file as UTF-8)", original.InnerException);
            }
            if (read == 0)
            {
                return original;
            }
            carried = span.Length - consumed;
            span[consumed..].CopyTo(buffer);
        }
    }

    private static CsvFormatException InvalidText(CsvParser parser, DecoderFallbackException e) =>
        parser.Error(parser.Line, null, "the text is not valid in its encoding (UTF-8 unless CsvOptions.Encoding says otherwise)", e);

    /// <summary>Reports the fraction of a seekable stream consumed, in steps of at least 1%.</summary>
    private sealed class ProgressReporter
    {
        private readonly IProgress<double>? _progress;
        private readonly Stream? _stream;
        private double _last;

        public ProgressReporter(IProgress<double>? progress, TextReader reader)
        {
            _progress = progress;
            if (reader is StreamReader { BaseStream: { CanSeek: true } stream } && stream.Length > 0)
            {
                _stream = stream;
            }
        }

        public void Report()
        {
            if (_progress is null || _stream is null)
            {
                return;
            }
            var fraction = Math.Min(1.0, (double)_stream.Position / _stream.Length);
            if (fraction - _last >= 0.01)
            {
                _last = fraction;
                _progress.Report(fraction);
            }
        }

        public void Complete() => _progress?.Report(1.0);
    }
}
