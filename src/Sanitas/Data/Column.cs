namespace Sanitas.Data;

/// <summary>
/// An immutable, dictionary-encoded column: each distinct value is stored once and every row
/// holds an integer code into that dictionary. A missing value (an empty cell) is the
/// dictionary entry <see langword="null"/>.
/// </summary>
public sealed class Column
{
    private readonly string?[] _dictionary;
    private readonly int[] _codes;
    private readonly Dictionary<string, int> _index;

    private Column(string name, ColumnType type, string?[] dictionary, int[] codes)
    {
        Name = name;
        Type = type;
        _dictionary = dictionary;
        _codes = codes;
        _index = new Dictionary<string, int>(dictionary.Length, StringComparer.Ordinal);
        for (var i = 0; i < dictionary.Length; i++)
        {
            if (dictionary[i] is { } value && !_index.TryAdd(value, i))
            {
                throw new ArgumentException($"Column '{name}': the dictionary holds '{value}' twice.", nameof(dictionary));
            }
            if (dictionary[i] is null && MissingCode < 0)
            {
                MissingCode = i;
            }
        }
    }

    /// <summary>The column name (the header cell).</summary>
    public string Name { get; }

    /// <summary>The value type.</summary>
    public ColumnType Type { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount => _codes.Length;

    /// <summary>The distinct values, indexed by code; <see langword="null"/> stands for a missing value.</summary>
    public IReadOnlyList<string?> Dictionary => _dictionary;

    /// <summary>The number of distinct values (a missing value counts as one).</summary>
    public int DistinctCount => _dictionary.Length;

    /// <summary>The code of the missing value, or -1 when no value is missing.</summary>
    public int MissingCode { get; } = -1;

    /// <summary>The row codes, one per row, each an index into <see cref="Dictionary"/>.</summary>
    public ReadOnlySpan<int> Codes => _codes;

    /// <summary>The value of a row, or <see langword="null"/> when it is missing.</summary>
    public string? this[int row] => _dictionary[_codes[row]];

    /// <summary>The code of a value, or -1 when the column does not hold it.</summary>
    public int CodeOf(string? value) => value is null ? MissingCode : _index.GetValueOrDefault(value, -1);

    /// <summary>Creates a column from a dictionary and row codes (both are taken, not copied).</summary>
    /// <exception cref="ArgumentException">A code is outside the dictionary or a value occurs twice.</exception>
    public static Column FromCodes(string name, ColumnType type, string?[] dictionary, int[] codes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dictionary);
        ArgumentNullException.ThrowIfNull(codes);
        foreach (var code in codes)
        {
            if ((uint)code >= (uint)dictionary.Length)
            {
                throw new ArgumentException($"Column '{name}': code {code} is outside the dictionary of {dictionary.Length} values.", nameof(codes));
            }
        }
        return new Column(name, type, dictionary, codes);
    }

    /// <summary>Creates a column from row values, encoding distinct values in order of first appearance.</summary>
    public static Column FromValues(string name, IEnumerable<string?> values, ColumnType type = ColumnType.Text)
    {
        ArgumentNullException.ThrowIfNull(values);
        var encoder = new ColumnEncoder(values.TryGetNonEnumeratedCount(out var count) ? count : 16);
        foreach (var value in values)
        {
            encoder.Add(value);
        }
        return encoder.Build(name, type);
    }

    /// <summary>Returns this column under another type (values are unchanged).</summary>
    public Column WithType(ColumnType type) => type == Type ? this : new Column(Name, type, _dictionary, _codes);

    /// <summary>Returns this column under another name.</summary>
    public Column WithName(string name) => name == Name ? this : new Column(name, Type, _dictionary, _codes);

    /// <summary>Gives direct access to the codes for the library's hot loops.</summary>
    internal int[] CodeArray => _codes;
}
