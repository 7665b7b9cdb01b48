using System.Buffers;
using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// The second pass over a streamed CSV file: writes every record as the anonymized output
/// (identifying columns dropped, quasi-identifiers generalized or suppressed as '*', the other
/// columns as read), in the same text <see cref="CsvWriter"/> writes for the in-memory path.
/// A record's quasi-identifiers come from its distinct tuple (the first pass keeps each row's tuple number).
/// </summary>
internal sealed class StreamingOutputWriter : ICsvRecordSink
{
    private readonly DistinctTupleCollector _pass1;
    private TextWriter _writer;
    private readonly char _delimiter;
    private readonly SearchValues<char> _special;
    private readonly CancellationToken _cancellationToken;
    private readonly PhaseReporter _phases;
    private readonly Func<string, AttributeRole> _roleOf;
    private readonly Func<string, int> _qiOf;
    private readonly int[] _classOfTuple;
    private readonly bool[] _failing;
    private readonly string?[][] _values;
    private string[][] _generalized = [];
    private string _star = "*";
    private readonly int[] _codes;
    private Action<IRecordFields>[] _fields = [];
    private int _outputColumns;
    private long _rows;
    private bool _suppressed;

    /// <param name="pass1">The first pass (dictionaries and distinct tuples).</param>
    /// <param name="writer">Where the CSV text goes.</param>
    /// <param name="delimiter">The output delimiter.</param>
    /// <param name="roleOf">The role of a column.</param>
    /// <param name="qiOf">The quasi-identifier index of a column in <paramref name="generalized"/>, or -1.</param>
    /// <param name="classOfTuple">The equivalence class of each distinct tuple.</param>
    /// <param name="failing">Per class, whether it is suppressed.</param>
    /// <param name="generalized">[qi][column code] → the generalized value (null for missing).</param>
    /// <param name="phases">Receives the records written, every <see cref="PhaseReporter.Stride"/> records.</param>
    /// <param name="cancellationToken">Cancels the write (checked every <see cref="PhaseReporter.Stride"/> records).</param>
    public StreamingOutputWriter(DistinctTupleCollector pass1, TextWriter writer, char delimiter, Func<string, AttributeRole> roleOf, Func<string, int> qiOf,
        int[] classOfTuple, bool[] failing, string?[][] generalized, PhaseReporter phases, CancellationToken cancellationToken)
    {
        _phases = phases;
        _pass1 = pass1;
        _writer = writer;
        _delimiter = delimiter;
        _special = SearchValues.Create([delimiter, '"', '\n', '\r']);
        _roleOf = roleOf;
        _qiOf = qiOf;
        _classOfTuple = classOfTuple;
        _failing = failing;
        _codes = new int[pass1.Builders.Length];
        _cancellationToken = cancellationToken;
        _values = generalized;
    }

    /// <summary>Records written.</summary>
    public long Rows => _rows;

    public void Header(CsvParser parser, string[] names)
    {
        if (!names.SequenceEqual(_pass1.Names, StringComparer.Ordinal))
        {
            throw new IOException("The input file changed while it was anonymized (its header differs from the first read); nothing was written.");
        }
        Begin(names);
    }

    /// <summary>Writes the header of the output for input columns <paramref name="names"/>.</summary>
    public void Begin(string[] names)
    {
        _outputColumns = names.Count(n => _roleOf(n) != AttributeRole.Identifying);
        _generalized = [.. _values.Select(values => values.Select(v => Encode(v ?? string.Empty)).ToArray())];
        _star = Encode("*");
        var fields = new List<Action<IRecordFields>>();
        var header = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            var field = i;
            var role = _roleOf(names[i]);
            if (role == AttributeRole.Identifying)
            {
                continue;
            }
            header.Add(names[i]);
            var q = _qiOf(names[i]);
            if (q >= 0)
            {
                var k = _pass1.FieldOf.ToList().IndexOf(i);
                var values = _generalized[q];
                fields.Add(_ => _writer.Write(_suppressed ? _star : values[_codes[k]]));
            }
            else
            {
                fields.Add(p => WriteField(p.FieldText(field)));
            }
        }
        _fields = [.. fields];
        for (var c = 0; c < header.Count; c++)
        {
            if (c > 0)
            {
                _writer.Write(_delimiter);
            }
            _writer.Write(Encode(header[c]));
        }
        _writer.Write('\n');
    }

    public void Record(CsvParser parser)
    {
        if (_rows >= _pass1.Records)
        {
            throw new IOException("The input file changed while it was anonymized (more records than on the first read); nothing was written.");
        }
        WriteRow(_pass1.TupleOfRow(_rows), parser);
        Count();
    }

    /// <summary>
    /// Writes every record from the first pass's tuples without reading the file again: for
    /// outputs whose columns are all quasi-identifiers (identifying columns are dropped). A
    /// tuple's line is built once when there are at most 2^20 tuples.
    /// </summary>
    public void WriteAll(string[] names)
    {
        Begin(names);
        var lines = _pass1.Tuples.Count <= 1 << 20 ? new string?[_pass1.Tuples.Count] : null;
        var line = new StringWriter();
        for (long row = 0; row < _pass1.Records; row++)
        {
            var t = _pass1.TupleOfRow(row);
            if (lines is null)
            {
                WriteRow(t, null);
            }
            else
            {
                if (lines[t] is not { } text)
                {
                    var writer = _writer;
                    line.GetStringBuilder().Clear();
                    _writer = line;
                    WriteRow(t, null);
                    _writer = writer;
                    text = lines[t] = line.ToString();
                }
                _writer.Write(text);
            }
            Count();
        }
    }

    /// <summary>Writes one record of tuple <paramref name="tuple"/>, other columns from <paramref name="fields"/>.</summary>
    public void WriteRecord(int tuple, IRecordFields fields)
    {
        WriteRow(tuple, fields);
        Count();
    }

    private void Count()
    {
        if ((++_rows & PhaseReporter.StrideMask) == 0)
        {
            _phases.Report(AnonymizationPhase.Writing, (double)_rows / Math.Max(1, _pass1.Records), _rows, _pass1.Records);
            _cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void WriteRow(int t, IRecordFields? parser)
    {
        for (var k = 0; k < _codes.Length; k++)
        {
            _codes[k] = _pass1.Tuples.Code(t, k);
        }
        _suppressed = _failing[_classOfTuple[t]];
        for (var c = 0; c < _fields.Length; c++)
        {
            if (c > 0)
            {
                _writer.Write(_delimiter);
            }
            _fields[c](parser!);
        }
        _writer.Write('\n');
    }

    private void WriteField(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 && _outputColumns == 1)
        {
            _writer.Write("\"\"");
        }
        else if (text.IndexOfAny(_special) < 0)
        {
            _writer.Write(text);
        }
        else
        {
            _writer.Write(Encode(text.ToString()));
        }
    }

    // As CsvWriter: quote a value holding the delimiter, a quote or a line break; a lone empty field as "".
    private string Encode(string value)
    {
        if (value.Length == 0 && _outputColumns == 1)
        {
            return "\"\"";
        }
        return value.AsSpan().IndexOfAny(_special) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
