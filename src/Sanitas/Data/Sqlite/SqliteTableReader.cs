using Microsoft.Data.Sqlite;

namespace Sanitas.Data;

/// <summary>
/// Reads a SQLite table or the result of a query into a dictionary-encoded <see cref="Table"/>.
/// Column types come from the declared SQLite types (INTEGER as <see cref="ColumnType.Integer"/>,
/// REAL as <see cref="ColumnType.Decimal"/>); a TEXT column whose values are all ISO dates is
/// <see cref="ColumnType.Date"/>; an expression without a declared type is typed from its values.
/// NULL is a missing value; numbers are written back as text in the invariant culture, reals so
/// that they round-trip.
/// </summary>
public static class SqliteTableReader
{
    /// <summary>Reads a whole table from a SQLite database file.</summary>
    /// <param name="databasePath">The database file, which must exist.</param>
    /// <param name="tableName">The table.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="SanitasDataException">The file or table does not exist or cannot be read.</exception>
    public static Task<Table> ReadTableAsync(string databasePath, string tableName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        return QueryAsync(databasePath, $"SELECT * FROM {SqliteTypes.Quote(tableName)}", ct);
    }

    /// <summary>Runs a query on a SQLite database file (opened read-only) and reads its result.</summary>
    /// <param name="databasePath">The database file, which must exist.</param>
    /// <param name="sql">The query.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="SanitasDataException">The file does not exist, or SQLite rejected the query (its message is kept).</exception>
    public static async Task<Table> QueryAsync(string databasePath, string sql, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new SanitasDataException($"The SQLite database {databasePath} does not exist.");
        }
        var connection = new SqliteConnection(SqliteTypes.ConnectionString(databasePath, SqliteOpenMode.ReadOnly));
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(ct).ConfigureAwait(false);
            }
            catch (SqliteException e)
            {
                throw new SanitasDataException($"Cannot open the SQLite database {databasePath}: {e.Message}", e);
            }
            return await QueryAsync(connection, sql, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a query through an open connection and reads its result.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The query.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="SanitasDataException">SQLite rejected the query (its message is kept).</exception>
    public static async Task<Table> QueryAsync(SqliteConnection connection, string sql, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(sql);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var builders = new ColumnBuilder[reader.FieldCount];
                for (var i = 0; i < builders.Length; i++)
                {
                    builders[i] = new ColumnBuilder(reader.GetName(i), reader.GetDataTypeName(i));
                }
                var rows = 0;
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    if (++rows % 8192 == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                    }
                    for (var i = 0; i < builders.Length; i++)
                    {
                        builders[i].Add(reader.GetValue(i));
                    }
                }
                return new Table(builders.Select(b => b.Build()));
            }
        }
        catch (SqliteException e)
        {
            throw new SanitasDataException($"SQLite error in {connection.DataSource}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // A query may name two result columns alike (SELECT a, a); a Table cannot.
            throw new SanitasDataException($"The query result cannot be a table: {e.Message}", e);
        }
    }

    /// <summary>Dictionary-encodes one result column while rows are read.</summary>
    private sealed class ColumnBuilder(string name, string declaredType)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string?> _values = [];
        private readonly List<int> _codes = [];
        private int _missing = -1;
        private bool _allIntegers = true;
        private bool _allNumbers = true;

        public void Add(object value)
        {
            _allIntegers &= value is long or DBNull;
            _allNumbers &= value is long or double or DBNull;
            var text = SqliteTypes.Format(value);
            int code;
            if (text is null)
            {
                if (_missing < 0)
                {
                    _missing = _values.Count;
                    _values.Add(null);
                }
                code = _missing;
            }
            else if (!_index.TryGetValue(text, out code))
            {
                code = _values.Count;
                _index.Add(text, code);
                _values.Add(text);
            }
            _codes.Add(code);
        }

        public Column Build() => Column.FromCodes(name, TypeOf(), [.. _values], [.. _codes]);

        private ColumnType TypeOf()
        {
            var declared = declaredType.ToUpperInvariant();
            // SQLite's affinity rules (section 3.1 of its datatype page), in their order.
            if (declared.Contains("INT", StringComparison.Ordinal))
            {
                return _allIntegers ? ColumnType.Integer : ColumnType.Text;
            }
            if (declared.Contains("CHAR", StringComparison.Ordinal) || declared.Contains("CLOB", StringComparison.Ordinal) || declared.Contains("TEXT", StringComparison.Ordinal))
            {
                return IsDates() ? ColumnType.Date : ColumnType.Text;
            }
            if (declared.Contains("REAL", StringComparison.Ordinal) || declared.Contains("FLOA", StringComparison.Ordinal) || declared.Contains("DOUB", StringComparison.Ordinal))
            {
                return _allNumbers ? ColumnType.Decimal : ColumnType.Text;
            }
            // No declared type (an expression) or NUMERIC affinity: type by the values.
            return _values.All(v => v is null) ? ColumnType.Text
                : _allIntegers ? ColumnType.Integer
                : _allNumbers ? ColumnType.Decimal
                : IsDates() ? ColumnType.Date
                : ColumnType.Text;
        }

        private bool IsDates() =>
            _values.Any(v => v is not null) && _values.All(v => v is null || ColumnTypeInference.Satisfies(v, ColumnType.Date));
    }
}
