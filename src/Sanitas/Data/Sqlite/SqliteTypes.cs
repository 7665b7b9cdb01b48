using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sanitas.Data;

/// <summary>The mapping between <see cref="ColumnType"/> and SQLite storage, and connection helpers.</summary>
internal static class SqliteTypes
{
    /// <summary>The declared SQLite type of a column: INTEGER, REAL or TEXT (dates are ISO text).</summary>
    public static string Declared(ColumnType type) => type switch
    {
        ColumnType.Integer => "INTEGER",
        ColumnType.Decimal => "REAL",
        _ => "TEXT",
    };

    /// <summary>A quoted SQL identifier.</summary>
    public static string Quote(string identifier) => SqlDialect.QuoteIdentifier(identifier);

    /// <summary>The values of a column's dictionary as SQLite parameter values, boxed once per distinct value.</summary>
    public static object[] Parameters(Column column)
    {
        var dictionary = column.Dictionary;
        var values = new object[dictionary.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = dictionary[i] switch
            {
                null => DBNull.Value,
                var v when column.Type == ColumnType.Integer && ColumnTypeInference.TryParseInteger(v, out var l) => l,
                var v when column.Type == ColumnType.Decimal && ColumnTypeInference.TryParseDecimal(v, out var d) => d,
                var v when column.Type is ColumnType.Integer or ColumnType.Decimal =>
                    throw new SanitasDataException($"Column '{column.Name}' is {column.Type}, but '{v}' is not a number."),
                var v => v,
            };
        }
        return values;
    }

    /// <summary>A connection string for a database file; pooling is off so the file is released on close.</summary>
    public static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
    }.ToString();

    /// <summary>Whether a table (or view) of that name exists, compared as SQLite does (ASCII case-insensitive).</summary>
    public static bool TableExists(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = $name COLLATE NOCASE";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }
}
