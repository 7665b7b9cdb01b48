namespace Sanitas.Data;

/// <summary>
/// An immutable, column-oriented table of dictionary-encoded columns of equal length.
/// </summary>
public sealed class Table
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _byName;

    /// <summary>Creates a table from columns of equal length with distinct names.</summary>
    /// <exception cref="ArgumentException">Columns differ in length or share a name.</exception>
    public Table(IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = [.. columns];
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        RowCount = _columns.Length == 0 ? 0 : _columns[0].RowCount;
        for (var i = 0; i < _columns.Length; i++)
        {
            if (_columns[i].RowCount != RowCount)
            {
                throw new ArgumentException($"Column '{_columns[i].Name}' has {_columns[i].RowCount} rows, column '{_columns[0].Name}' has {RowCount}.", nameof(columns));
            }
            if (!_byName.TryAdd(_columns[i].Name, i))
            {
                throw new ArgumentException($"Column name '{_columns[i].Name}' occurs twice.", nameof(columns));
            }
        }
    }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The column names, in order.</summary>
    public IEnumerable<string> ColumnNames => _columns.Select(c => c.Name);

    /// <summary>The column with the given name.</summary>
    /// <exception cref="KeyNotFoundException">No column has that name; the message lists the columns that exist.</exception>
    public Column this[string name] => TryGetColumn(name, out var column)
        ? column
        : throw new KeyNotFoundException($"Unknown column '{name}'. The table has: {string.Join(", ", ColumnNames)}.");

    /// <summary>Finds a column by name.</summary>
    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Column? column)
    {
        if (_byName.TryGetValue(name, out var i))
        {
            column = _columns[i];
            return true;
        }
        column = null;
        return false;
    }

    /// <summary>The position of a column, or -1.</summary>
    public int IndexOf(string name) => _byName.GetValueOrDefault(name, -1);

    /// <summary>A table holding only the named columns, in the given order.</summary>
    public Table Select(IEnumerable<string> names) => new(names.Select(n => this[n]));

    /// <summary>A table with one column replaced (same name) or appended.</summary>
    public Table WithColumn(Column column)
    {
        var i = IndexOf(column.Name);
        var columns = _columns.ToList();
        if (i >= 0)
        {
            columns[i] = column;
        }
        else
        {
            columns.Add(column);
        }
        return new Table(columns);
    }
}
