namespace Sanitas.Data;

/// <summary>
/// Dictionary-encodes one column as values arrive — the one encoder behind <see cref="Column.FromValues"/>,
/// the CSV reader and the database reader: each distinct value is stored once, in order of first
/// appearance, and a repeated value is found by its characters (a span), so only distinct values
/// become strings. A missing value is the dictionary entry null.
/// </summary>
internal sealed class ColumnEncoder
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string?> _values = [];
    private int _missing = -1;
    private int[] _codes;
    private int _count;

    public ColumnEncoder(int capacity = 16)
    {
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        _codes = new int[Math.Max(capacity, 16)];
    }

    /// <summary>The distinct values so far, by code (null for missing).</summary>
    public IReadOnlyList<string?> Values => _values;

    /// <summary>The code of a value already seen, without adding it.</summary>
    public bool TryGetCode(ReadOnlySpan<char> value, out int code) => _lookup.TryGetValue(value, out code);

    /// <summary>Appends a missing value.</summary>
    public void AddMissing() => Append(MissingCode());

    /// <summary>The code of the missing value, adding it to the dictionary when new (no row is appended).</summary>
    public int MissingCode()
    {
        if (_missing < 0)
        {
            _missing = _values.Count;
            _values.Add(null);
        }
        return _missing;
    }

    /// <summary>The code of a value, adding it to the dictionary when new (no row is appended).</summary>
    public int Intern(ReadOnlySpan<char> value, string? text = null)
    {
        if (!_lookup.TryGetValue(value, out var code))
        {
            code = _values.Count;
            text ??= value.ToString();
            _index.Add(text, code);
            _values.Add(text);
        }
        return code;
    }

    /// <summary>Appends a value (null for missing).</summary>
    public void Add(string? value)
    {
        if (value is null)
        {
            AddMissing();
        }
        else
        {
            Add(value.AsSpan(), value);
        }
    }

    /// <summary>Appends a value given as characters; <paramref name="text"/> is its string when the caller already has one.</summary>
    public void Add(ReadOnlySpan<char> value, string? text = null) => Append(Intern(value, text));

    /// <summary>Appends the code of a value already in the dictionary (from <see cref="TryGetCode"/>).</summary>
    public void AddCode(int code)
    {
        if ((uint)code >= (uint)_values.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }
        Append(code);
    }

    private void Append(int code)
    {
        if (_count == _codes.Length)
        {
            Array.Resize(ref _codes, _codes.Length * 2);
        }
        _codes[_count++] = code;
    }

    /// <summary>The encoded column.</summary>
    public Column Build(string name, ColumnType type)
    {
        var codes = _codes;
        if (codes.Length != _count)
        {
            Array.Resize(ref codes, _count);
        }
        return Column.FromCodes(name, type, [.. _values], codes);
    }

    /// <summary>A column of this dictionary with row codes kept elsewhere (such as distinct tuples).</summary>
    public Column Build(string name, ColumnType type, int[] codes) => Column.FromCodes(name, type, [.. _values], codes);
}
