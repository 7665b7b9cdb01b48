namespace Sanitas.Data;

/// <summary>
/// Dictionary-encodes one column while a CSV file is parsed: a repeated value is found by its
/// characters, so only distinct values become strings. Types are checked and inferred per
/// distinct value, never per row.
/// </summary>
internal sealed class CsvColumnBuilder
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string?> _values = [];
    private readonly ColumnType? _declared;
    private readonly bool _infer;
    private readonly string[] _dateFormats;
    private ColumnTypeInference.Candidates _candidates;
    private int _missing = -1;
    private int[] _codes;
    private int _count;

    public CsvColumnBuilder(string name, ColumnType? declared, bool infer, string[] dateFormats, int capacity)
    {
        Name = name;
        _declared = declared;
        _infer = infer && declared is null;
        _dateFormats = dateFormats;
        _candidates = new ColumnTypeInference.Candidates(dateFormats);
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        _codes = new int[Math.Max(capacity, 16)];
    }

    public string Name { get; }

    /// <summary>The declared type, or null when it is inferred.</summary>
    public ColumnType? Declared => _declared;

    /// <summary>Appends a row value (empty means missing); false when it does not fit the declared type.</summary>
    public bool TryAdd(ReadOnlySpan<char> value)
    {
        if (!TryEncode(value, out var code))
        {
            return false;
        }
        if (_count == _codes.Length)
        {
            Array.Resize(ref _codes, _codes.Length * 2);
        }
        _codes[_count++] = code;
        return true;
    }

    /// <summary>The code of a value, adding it to the dictionary when new (rows are not stored); false when it does not fit the declared type.</summary>
    public bool TryEncode(ReadOnlySpan<char> value, out int code)
    {
        if (value.IsEmpty)
        {
            if (_missing < 0)
            {
                _missing = _values.Count;
                _values.Add(null);
            }
            code = _missing;
        }
        else if (!_lookup.TryGetValue(value, out code))
        {
            if (_declared is { } type && !ColumnTypeInference.Satisfies(value, type, _dateFormats))
            {
                return false;
            }
            if (_infer)
            {
                _candidates.Observe(value);
            }
            code = _values.Count;
            var text = value.ToString();
            _index.Add(text, code);
            _values.Add(text);
        }
        return true;
    }

    /// <summary>The code of a value already in the dictionary, or -1.</summary>
    public int Find(ReadOnlySpan<char> value) => value.IsEmpty ? _missing : _lookup.TryGetValue(value, out var code) ? code : -1;

    /// <summary>The column of the dictionary built so far with the given row codes (for rows kept elsewhere, such as distinct tuples).</summary>
    public Column Build(int[] codes) => Column.FromCodes(Name, _declared ?? (_infer ? _candidates.Result : ColumnType.Text), [.. _values], codes);

    public Column Build()
    {
        var type = _declared ?? (_infer ? _candidates.Result : ColumnType.Text);
        var codes = _codes;
        if (codes.Length != _count)
        {
            Array.Resize(ref codes, _count);
        }
        return Column.FromCodes(Name, type, [.. _values], codes);
    }
}
