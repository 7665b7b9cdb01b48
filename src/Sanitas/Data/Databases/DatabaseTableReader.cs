using System.Data.Common;
using System.Globalization;

namespace Sanitas.Data;

/// <summary>
/// Reads a query result from any database connection into a dictionary-encoded <see cref="Table"/>:
/// the one row reader for SQLite and PostgreSQL. Values become text in the invariant culture (reals
/// so that they round-trip, binary as Base64), NULL a missing value; column types follow the engine.
/// </summary>
/// <remarks>
/// SQLite: the declared type's affinity (section 3.1 of SQLite's datatype page) — INT… as
/// <see cref="ColumnType.Integer"/>, REAL/FLOA…/DOUB… as <see cref="ColumnType.Decimal"/>, text
/// whose values are all ISO dates as <see cref="ColumnType.Date"/> — and an expression without a
/// declared type typed from its values. PostgreSQL: integers and reals by the column's .NET type,
/// everything else as text.
/// </remarks>
internal static class DatabaseTableReader
{
    /// <summary>Runs <paramref name="sql"/> on an open connection and reads the whole result; <paramref name="where"/> names the database in errors.</summary>
    /// <exception cref="SanitasDataException">The database rejected the query (its message is kept), or the result names a column twice.</exception>
    public static async Task<Table> ReadAsync(DbConnection connection, SqlDialect dialect, string where, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var columns = new ResultColumn[reader.FieldCount];
                for (var i = 0; i < columns.Length; i++)
                {
                    columns[i] = new ResultColumn(reader.GetName(i), reader.GetDataTypeName(i), reader.GetFieldType(i));
                }
                var rows = 0;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (++rows % 8192 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    for (var i = 0; i < columns.Length; i++)
                    {
                        columns[i].Add(reader.GetValue(i));
                    }
                }
                return new Table(columns.Select(c => c.Build(dialect)));
            }
        }
        catch (DbException e)
        {
            throw new SanitasDataException($"{dialect} error in {where}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // A query may name two result columns alike (SELECT a, a); a Table cannot.
            throw new SanitasDataException($"The query result cannot be a table: {e.Message}", e);
        }
    }

    /// <summary>A value read from a database as text: numbers in the invariant culture (reals round-trip), binary as Base64, NULL as null.</summary>
    public static string? Format(object? value) => value switch
    {
        null or DBNull => null,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        byte[] b => Convert.ToBase64String(b),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture),
    };

    /// <summary>A database value as an SQL value of the query engine: long, double, string or bool (other types as invariant text).</summary>
    public static object SqlValue(object value) => value switch
    {
        long l => l,
        int n => (long)n,
        short n => (long)n,
        double d => d,
        float f => (double)f,
        decimal m => (double)m,
        string t => t,
        bool b => b,
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Encodes one result column while rows are read and decides its type at the end.</summary>
    private sealed class ResultColumn(string name, string declaredType, Type fieldType)
    {
        private readonly ColumnEncoder _encoder = new();
        private bool _allIntegers = true;
        private bool _allNumbers = true;

        public void Add(object value)
        {
            _allIntegers &= value is long or DBNull;
            _allNumbers &= value is long or double or DBNull;
            _encoder.Add(Format(value));
        }

        public Column Build(SqlDialect dialect) => _encoder.Build(name, dialect.IsPostgreSql ? PostgresType() : SqliteType());

        private ColumnType PostgresType() =>
            fieldType == typeof(long) || fieldType == typeof(int) || fieldType == typeof(short) ? ColumnType.Integer
            : fieldType == typeof(double) || fieldType == typeof(float) || fieldType == typeof(decimal) ? ColumnType.Decimal
            : ColumnType.Text;

        private ColumnType SqliteType()
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
            return _encoder.Values.All(v => v is null) ? ColumnType.Text
                : _allIntegers ? ColumnType.Integer
                : _allNumbers ? ColumnType.Decimal
                : IsDates() ? ColumnType.Date
                : ColumnType.Text;
        }

        private bool IsDates() =>
            _encoder.Values.Any(v => v is not null) && _encoder.Values.All(v => v is null || ColumnTypeInference.Satisfies(v, ColumnType.Date));
    }
}
