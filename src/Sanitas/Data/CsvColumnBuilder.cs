namespace Sanitas.Data;

/// <summary>
/// Dictionary-encodes one column while a CSV file is parsed: a repeated value is found by its
/// characters, so only distinct values become strings. Types are checked and inferred per
/// distinct value, never per row.
/// </summary>
internal sealed class CsvColumnBuilder
{
    private readonly ColumnEncoder _encoder;
    private readonly ColumnType? _declared;
    private readonly bool _infer;
    private readonly string[] _dateFormats;
    private ColumnTypeInference.Candidates _candidates;

    public CsvColumnBuilder(string name, ColumnType? declared, bool infer, string[] dateFormats, int capacity)
    {
        Name = name;
        _declared = declared;
        _infer = infer && declared is null;
        _dateFormats = dateFormats;
        _candidates = new ColumnTypeInference.Candidates(dateFormats);
        _encoder = new ColumnEncoder(capacity);
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
        _encoder.AddCode(code);
        return true;
    }

    /// <summary>The code of a value, adding it to the dictionary when new (rows are not stored); false when it does not fit the declared type.</summary>
    public bool TryEncode(ReadOnlySpan<char> value, out int code)
    {
        if (value.IsEmpty)
        {
            code = _encoder.MissingCode();
            return true;
        }
        if (_encoder.TryGetCode(value, out code))
        {
            return true;
        }
        if (_declared is { } type && !ColumnTypeInference.Satisfies(value, type, _dateFormats))
        {
            return false;
        }
        if (_infer)
        {
            _candidates.Observe(value);
        }
        code = _encoder.Intern(value);
        return true;
    }

    /// <summary>The code of a value already in the dictionary, or -1 (an empty value is the missing value's code).</summary>
    public int Find(ReadOnlySpan<char> value) => value.IsEmpty ? _encoder.MissingCode() : _encoder.TryGetCode(value, out var code) ? code : -1;

    /// <summary>The column of the dictionary built so far with the given row codes (for rows kept elsewhere, such as distinct tuples).</summary>
    public Column Build(int[] codes) => _encoder.Build(Name, Type, codes);

    public Column Build() => _encoder.Build(Name, Type);

    private ColumnType Type => _declared ?? (_infer ? _candidates.Result : ColumnType.Text);
}
