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
        if (value.IsEmpty)
        {
            _encoder.AddMissing();
            return true;
        }
        if (_encoder.TryGetCode(value, out var code))
        {
            _encoder.AddCode(code);
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
        _encoder.Add(value);
        return true;
    }

    public Column Build() => _encoder.Build(Name, _declared ?? (_infer ? _candidates.Result : ColumnType.Text));
}
