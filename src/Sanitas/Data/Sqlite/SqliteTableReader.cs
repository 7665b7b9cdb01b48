using Microsoft.Data.Sqlite;

namespace Sanitas.Data;

/// <summary>
/// Reads a SQLite table or the result of a query into a dictionary-encoded <see cref="Table"/>
/// (through <see cref="DatabaseTarget"/>, the one database reader).
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
    public static async Task<Table> ReadTableAsync(string databasePath, string tableName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        await using var target = Target(databasePath);
        return await target.ReadTableAsync(tableName, ct).ConfigureAwait(false);
    }

    /// <summary>Runs a query on a SQLite database file (opened read-only) and reads its result.</summary>
    /// <param name="databasePath">The database file, which must exist.</param>
    /// <param name="sql">The query.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="SanitasDataException">The file does not exist, or SQLite rejected the query (its message is kept).</exception>
    public static async Task<Table> QueryAsync(string databasePath, string sql, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        await using var target = Target(databasePath);
        return await target.QueryTableAsync(sql, ct).ConfigureAwait(false);
    }

    /// <summary>Runs a query through an open connection and reads its result.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The query.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="SanitasDataException">SQLite rejected the query (its message is kept).</exception>
    public static Task<Table> QueryAsync(SqliteConnection connection, string sql, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(sql);
        return DatabaseTableReader.ReadAsync(connection, SqlDialect.Sqlite, connection.DataSource, sql, ct);
    }

    /// <summary>A file path as a SQLite target, even one that looks like a connection string.</summary>
    private static DatabaseTarget Target(string databasePath) =>
        DatabaseTarget.IsPostgreSql(databasePath)
            ? throw new SanitasDataException($"'{databasePath}' is not a SQLite database file.")
            : DatabaseTarget.Of(databasePath);
}
