// Over 500 lines on purpose: one incremental state machine whose buffer invariants (free space, the record cut
// by the end of a chunk, per-column dictionaries) are easier to check in one file than across partial files.
using System.Buffers;

namespace Sanitas.Data;

/// <summary>
/// An incremental RFC 4180 parser. The caller fills <see cref="GetFreeSpace"/> from any
/// reader (synchronously or not) and calls <see cref="Advance"/>; complete records are parsed
/// straight out of the buffer into per-column dictionaries, and a record cut by the end of
/// the buffer is parsed again once more text has arrived.
/// </summary>
internal sealed class CsvParser : IRecordFields
{
    private const int InitialBufferSize = 1 << 16;
    private const int SampleRecords = 20;
    private static readonly char[] Candidates = [',', ';', '\t'];

    /// <summary>The longest record (one line, or several inside quotes) accepted: 2^26 characters.</summary>
    internal const int MaxRecordLength = 1 << 26;

    private readonly string _source;
    private readonly CsvOptions _options;
    private readonly string[] _dateFormats;
    private char[] _buffer = new char[InitialBufferSize];
    private int _start;
    private int _end;
    private bool _final;
    private bool _started;
    private int _line = 1;
    private int _headerLine = 1;
    private char _delimiter = ',';
    private SearchValues<char> _stops = SearchValues.Create(",\n\"");
    private Field[] _fields = new Field[16];
    private int _fieldCount;
    private char[] _scratch = new char[256];
    private int _scratchLength;
    private CsvColumnBuilder[]? _columns;
    private readonly ICsvRecordSink? _sink;
    private string[]? _names;

    public CsvParser(string sourceName, CsvOptions options, ICsvRecordSink? sink = null)
    {
        _sink = sink;
        _source = sourceName;
        _options = options;
        _dateFormats = ColumnTypeInference.Formats(options.DateFormats);
        if (options.Delimiter is '"' or '\r' or '\n')
        {
            throw InvalidOptionException.Of("delimiter", $"The delimiter cannot be {Escape(options.Delimiter.Value)}.");
        }
    }

    private enum Status
    {
        Record,
        NeedMore,
        End,
    }

    /// <summary>The physical line where parsing stands (the start of the pending record).</summary>
    public int Line => _line;

    /// <summary>The delimiter in use (detected once the first block has been read).</summary>
    public char Delimiter => _delimiter;

    /// <summary>Makes room after the unparsed text and returns it for the reader to fill.</summary>
    public Memory<char> GetFreeSpace()
    {
        if (_start > 0)
        {
            var pending = _end - _start;
            Array.Copy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordLength)
            {
                // One record (line, or quoted field) that never ends: /dev/zero, a binary file, an unclosed quote in a huge file.
                throw Error(_line, null, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"a record longer than {MaxRecordLength:N0} characters (is this a CSV file? is a quote left open?)"));
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        return _buffer.AsMemory(_end);
    }

    /// <summary>Takes <paramref name="count"/> characters written to the free space (0 means end of input) and parses.</summary>
    /// <returns>False once the input has ended.</returns>
    public bool Advance(int count)
    {
        _end += count;
        _final = count == 0;
        Consume();
        return !_final;
    }

    /// <summary>Builds the table; call after <see cref="Advance"/> returned false.</summary>
    public Table Build()
    {
        if (_sink is not null)
        {
            Finish();
            return new Table([]);
        }
        if (_columns is null)
        {
            throw Error(_line, null, _options.HasHeader ? "the file is empty: no header row" : "the file is empty");
        }
        return new Table(_columns.Select(c => c.Build()));
    }

    /// <summary>In streaming mode (with a sink): checks that the input had a header or a record.</summary>
    public void Finish()
    {
        if (_names is null)
        {
            throw Error(_line, null, _options.HasHeader ? "the file is empty: no header row" : "the file is empty");
        }
    }

    /// <summary>The number of fields of the record being handed to the sink.</summary>
    public int FieldCount => _fieldCount;

    /// <summary>The text of field <paramref name="i"/> of the record being handed to the sink (valid during the call only).</summary>
    public ReadOnlySpan<char> FieldText(int i) => Text(_fields[i]);

    /// <summary>The physical line where field <paramref name="i"/> of the current record starts.</summary>
    public int FieldLine(int i) => _fields[i].Line;

    public CsvFormatException Error(int line, int? column, string reason, Exception? inner = null) =>
        new(_source, line, column, reason, inner);

    private void Consume()
    {
        if (!_started)
        {
            if (!_final && _end < _buffer.Length)
            {
                return;
            }
            Start();
        }
        while (true)
        {
            var status = ParseRecord(out var next, out var newlines);
            if (status != Status.Record)
            {
                return;
            }
            if (_fieldCount > 1 || _fields[0].Length > 0 || _fields[0].Quoted)
            {
                Accept();
            }
            _start = next;
            _line += newlines;
        }
    }

    private void Start()
    {
        _started = true;
        if (_start < _end && _buffer[_start] == '\uFEFF')
        {
            _start++;
        }
        _delimiter = _options.Delimiter ?? DetectDelimiter(_buffer.AsSpan(_start, _end - _start), _final);
        _stops = SearchValues.Create([_delimiter, '\n', '"']);
    }

    /// <summary>
    /// Picks the candidate that splits the first records into equally many fields, more than
    /// one; among several, the one giving the most fields.
    /// </summary>
    internal static char DetectDelimiter(ReadOnlySpan<char> sample, bool complete)
    {
        var best = ',';
        var bestFields = 1;
        var fallback = ',';
        var fallbackFields = 1;
        foreach (var candidate in Candidates)
        {
            var fields = CountFields(sample, candidate, complete, out var consistent);
            if (consistent && fields > bestFields)
            {
                best = candidate;
                bestFields = fields;
            }
            if (fields > fallbackFields)
            {
                fallback = candidate;
                fallbackFields = fields;
            }
        }
        return bestFields > 1 ? best : fallback;
    }

    /// <summary>Counts the header's fields and whether the next records have as many.</summary>
    private static int CountFields(ReadOnlySpan<char> sample, char delimiter, bool complete, out bool consistent)
    {
        var header = -1;
        var records = 0;
        var fields = 1;
        var lineLength = 0;
        var quoted = false;
        consistent = true;
        foreach (var c in sample)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == delimiter)
            {
                fields++;
            }
            else if (!quoted && c == '\n')
            {
                if (lineLength > 0 || fields > 1)
                {
                    if (header < 0)
                    {
                        header = fields;
                    }
                    else if (fields != header)
                    {
                        consistent = false;
                    }
                    if (++records == SampleRecords)
                    {
                        return header;
                    }
                }
                fields = 1;
                lineLength = 0;
                continue;
            }
            if (c != '\r')
            {
                lineLength++;
            }
        }
        if (complete && (lineLength > 0 || fields > 1))
        {
            if (header < 0)
            {
                header = fields;
            }
            else if (fields != header)
            {
                consistent = false;
            }
        }
        return Math.Max(header, 1);
    }

    private Status ParseRecord(out int next, out int newlines)
    {
        var span = _buffer.AsSpan(0, _end);
        var pos = _start;
        next = pos;
        newlines = 0;
        _fieldCount = 0;
        _scratchLength = 0;
        if (pos >= _end)
        {
            return _final ? Status.End : Status.NeedMore;
        }
        while (true)
        {
            var column = _fieldCount + 1;
            var fieldLine = _line + newlines;
            if (pos < _end && span[pos] == '"')
            {
                var p = pos + 1;
                var segment = p;
                var escaped = false;
                var scratchStart = _scratchLength;
                while (true)
                {
                    var q = span[p..].IndexOf('"');
                    if (q < 0)
                    {
                        if (!_final)
                        {
                            return Status.NeedMore;
                        }
                        throw Error(fieldLine, column, "unterminated quoted field");
                    }
                    q += p;
                    if (q + 1 >= _end && !_final)
                    {
                        return Status.NeedMore;
                    }
                    newlines += span[p..q].Count('\n');
                    if (q + 1 < _end && span[q + 1] == '"')
                    {
                        AppendScratch(span[segment..(q + 1)]);
                        escaped = true;
                        p = q + 2;
                        segment = p;
                        continue;
                    }
                    if (escaped)
                    {
                        AppendScratch(span[segment..q]);
                        AddField(new Field(scratchStart, _scratchLength - scratchStart, fieldLine, InScratch: true, Quoted: true));
                    }
                    else
                    {
                        AddField(new Field(segment, q - segment, fieldLine, InScratch: false, Quoted: true));
                    }
                    p = q + 1;
                    break;
                }
                if (p >= _end)
                {
                    next = _end;
                    return Status.Record;
                }
                var c = span[p];
                if (c == _delimiter)
                {
                    pos = p + 1;
                    continue;
                }
                if (c == '\n')
                {
                    next = p + 1;
                    newlines++;
                    return Status.Record;
                }
                if (c == '\r')
                {
                    if (p + 1 >= _end)
                    {
                        if (!_final)
                        {
                            return Status.NeedMore;
                        }
                        next = _end;
                        return Status.Record;
                    }
                    if (span[p + 1] == '\n')
                    {
                        next = p + 2;
                        newlines++;
                        return Status.Record;
                    }
                }
                throw Error(_line + newlines, column, $"unexpected {Escape(c)} after the closing quote (a quoted field must end at a delimiter or the end of the line)");
            }
            else
            {
                var rest = span[pos..];
                var s = rest.IndexOfAny(_stops);
                if (s < 0)
                {
                    if (!_final)
                    {
                        return Status.NeedMore;
                    }
                    AddField(new Field(pos, TrimReturn(rest), fieldLine, InScratch: false, Quoted: false));
                    next = _end;
                    return Status.Record;
                }
                var c = rest[s];
                if (c == _delimiter)
                {
                    AddField(new Field(pos, s, fieldLine, InScratch: false, Quoted: false));
                    pos += s + 1;
                    continue;
                }
                if (c == '"')
                {
                    throw Error(fieldLine, column, "stray quote in an unquoted field (quote the whole field and double the quote inside it)");
                }
                AddField(new Field(pos, TrimReturn(rest[..s]), fieldLine, InScratch: false, Quoted: false));
                next = pos + s + 1;
                newlines++;
                return Status.Record;
            }
        }
    }

    private static int TrimReturn(ReadOnlySpan<char> field) =>
        field.Length > 0 && field[^1] == '\r' ? field.Length - 1 : field.Length;

    private void AddField(Field field)
    {
        if (_fieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }
        _fields[_fieldCount++] = field;
    }

    private void AppendScratch(ReadOnlySpan<char> text)
    {
        if (_scratchLength + text.Length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + text.Length));
        }
        text.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += text.Length;
    }

    private ReadOnlySpan<char> Text(in Field field) =>
        (field.InScratch ? _scratch : _buffer).AsSpan(field.Start, field.Length);

    private void Accept()
    {
        if (_sink is not null)
        {
            AcceptStreaming(_sink);
            return;
        }
        if (_columns is null)
        {
            _headerLine = _line;
            if (_options.HasHeader)
            {
                CreateColumns(ReadHeader());
                return;
            }
            CreateColumns([.. Enumerable.Range(1, _fieldCount).Select(i => $"column{i}")]);
        }
        var columns = _columns!;
        if (_fieldCount != columns.Length)
        {
            var column = _fieldCount < columns.Length ? _fieldCount + 1 : columns.Length + 1;
            var origin = _options.HasHeader ? "as in the header" : "as in the first line";
            throw Error(_line, column, $"expected {columns.Length} fields ({origin}), found {_fieldCount}");
        }
        for (var i = 0; i < columns.Length; i++)
        {
            ref readonly var field = ref _fields[i];
            var text = Text(field);
            if (!columns[i].TryAdd(text))
            {
                var type = columns[i].Declared!.Value;
                throw Error(field.Line, i + 1, $"column '{columns[i].Name}' is declared {type}, but '{text}' is not {ColumnTypeInference.Describe(type, _dateFormats)}");
            }
        }
    }

    private void AcceptStreaming(ICsvRecordSink sink)
    {
        if (_names is null)
        {
            _headerLine = _line;
            _names = _options.HasHeader ? ReadHeader() : [.. Enumerable.Range(1, _fieldCount).Select(i => $"column{i}")];
            sink.Header(this, _names);
            if (_options.HasHeader)
            {
                return;
            }
        }
        if (_fieldCount != _names.Length)
        {
            var column = _fieldCount < _names.Length ? _fieldCount + 1 : _names.Length + 1;
            var origin = _options.HasHeader ? "as in the header" : "as in the first line";
            throw Error(_line, column, $"expected {_names.Length} fields ({origin}), found {_fieldCount}");
        }
        sink.Record(this);
    }

    private string[] ReadHeader()
    {
        var names = new string[_fieldCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _fieldCount; i++)
        {
            var name = Text(_fields[i]).ToString();
            if (name.Length == 0)
            {
                throw Error(_fields[i].Line, i + 1, "empty column name in the header");
            }
            if (!seen.TryAdd(name, i + 1))
            {
                throw Error(_fields[i].Line, i + 1, $"duplicate column name '{name}' in the header (also column {seen[name]})");
            }
            names[i] = name;
        }
        return names;
    }

    private void CreateColumns(string[] names)
    {
        var declared = _options.ColumnTypes ?? new Dictionary<string, ColumnType>();
        foreach (var name in declared.Keys)
        {
            if (Array.IndexOf(names, name) < 0)
            {
                throw Error(_headerLine, null, $"a type is declared for column '{name}', which the file does not have; its columns are: {string.Join(", ", names)}");
            }
        }
        _columns = new CsvColumnBuilder[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            ColumnType? type = declared.TryGetValue(names[i], out var t) ? t : null;
            _columns[i] = new CsvColumnBuilder(names[i], type, _options.InferTypes, _dateFormats, capacity: 1024);
        }
    }

    private static string Escape(char c) => c switch
    {
        '\r' => "carriage return",
        '\n' => "line feed",
        '\t' => "tab",
        '"' => "quote",
        _ => $"'{c}'",
    };

    private readonly record struct Field(int Start, int Length, int Line, bool InScratch, bool Quoted);
}
