using Microsoft.Data.Sqlite;

namespace Sanitas.Data;

/// <summary>
/// Writes a <see cref="Table"/> into a SQLite table: the table is created with column types from
/// <see cref="Column.Type"/> (<see cref="ColumnType.Integer"/> as INTEGER, <see cref="ColumnType.Decimal"/>
/// as REAL, text and ISO dates as TEXT; missing values as NULL) and filled by one prepared insert
/// reused for every row, all in one transaction. An existing table is refused unless
/// <see cref="SqliteWriteOptions.Replace"/> is set; any failure or cancellation rolls the whole
/// write back, so the database holds either the complete new table or exactly what it held before.
/// </summary>
public static class SqliteTableWriter
{
    private const int ProgressStep = 8192;

    /// <summary>Writes a table into a SQLite database file, creating the file if needed.</summary>
    /// <param name="table">The table.</param>
    /// <param name="databasePath">The database file.</param>
    /// <param name="tableName">The name of the SQLite table.</param>
    /// <param name="options">How to write it; <see langword="null"/> for <see cref="SqliteWriteOptions.Default"/>.</param>
    /// <param name="ct">Cancels the write, which is then rolled back.</param>
    /// <exception cref="SqliteTableExistsException">The table exists and replacing it was not asked for.</exception>
    /// <exception cref="SanitasDataException">SQLite refused the data (the message names the database and table).</exception>
    public static async Task WriteAsync(Table table, string databasePath, string tableName, SqliteWriteOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var connection = new SqliteConnection(SqliteTypes.ConnectionString(databasePath, SqliteOpenMode.ReadWriteCreate));
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
            await WriteAsync(table, connection, tableName, options, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a table through an open connection, in a transaction of its own.</summary>
    /// <param name="table">The table.</param>
    /// <param name="connection">An open connection with no transaction under way.</param>
    /// <param name="tableName">The name of the SQLite table.</param>
    /// <param name="options">How to write it; <see langword="null"/> for <see cref="SqliteWriteOptions.Default"/>.</param>
    /// <param name="ct">Cancels the write, which is then rolled back.</param>
    /// <exception cref="SqliteTableExistsException">The table exists and replacing it was not asked for.</exception>
    /// <exception cref="SanitasDataException">SQLite refused the data (the message names the database and table).</exception>
    public static async Task WriteAsync(Table table, SqliteConnection connection, string tableName, SqliteWriteOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        options ??= SqliteWriteOptions.Default;
        CheckColumns(table, options);
        if (table.Columns.Count == 0)
        {
            throw new ArgumentException($"Table '{tableName}' has no columns; SQLite needs at least one.", nameof(table));
        }
        ct.ThrowIfCancellationRequested();
        try
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Disposing the transaction without a commit rolls everything back.
                Write(table, connection, transaction, tableName, options, ct);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
        }
        catch (SqliteException e)
        {
            throw new SanitasDataException($"Cannot write table '{tableName}' to {connection.DataSource}: {e.Message}", e);
        }
        options.Progress?.Report(1.0);
    }

    private static void CheckColumns(Table table, SqliteWriteOptions options)
    {
        foreach (var name in options.IndexedColumns.Append(options.PrimaryKey))
        {
            if (name is not null && table.IndexOf(name) < 0)
            {
                throw new InvalidOptionException("options", $"Unknown column '{name}' for a key or index. The table has: {string.Join(", ", table.ColumnNames)}.", null);
            }
        }
    }

    private static void Write(Table table, SqliteConnection connection, SqliteTransaction transaction, string tableName, SqliteWriteOptions options, CancellationToken ct)
    {
        if (SqliteTypes.TableExists(connection, transaction, tableName))
        {
            if (!options.Replace)
            {
                throw new SqliteTableExistsException(connection.DataSource, tableName);
            }
            Execute(connection, transaction, $"DROP TABLE {SqliteTypes.Quote(tableName)}");
        }
        var columns = table.Columns;
        var definitions = columns.Select(c =>
            $"{SqliteTypes.Quote(c.Name)} {SqliteTypes.Declared(c.Type)}{(c.Name == options.PrimaryKey ? " PRIMARY KEY" : "")}");
        Execute(connection, transaction, $"CREATE TABLE {SqliteTypes.Quote(tableName)} ({string.Join(", ", definitions)})");

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {SqliteTypes.Quote(tableName)} VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = new SqliteParameter[columns.Count];
        var values = new object[columns.Count][];
        for (var c = 0; c < columns.Count; c++)
        {
            parameters[c] = insert.Parameters.Add("$p" + c, SqliteTypeOf(columns[c].Type));
            values[c] = SqliteTypes.Parameters(columns[c]);
        }
        insert.Prepare();
        var codes = columns.Select(c => c.CodeArray).ToArray();
        var rows = table.RowCount;
        for (var row = 0; row < rows; row++)
        {
            if (row % ProgressStep == 0)
            {
                ct.ThrowIfCancellationRequested();
                options.Progress?.Report((double)row / rows);
            }
            for (var c = 0; c < parameters.Length; c++)
            {
                parameters[c].Value = values[c][codes[c][row]];
            }
            insert.ExecuteNonQuery();
        }
        foreach (var name in options.IndexedColumns)
        {
            Execute(connection, transaction,
                $"CREATE INDEX {SqliteTypes.Quote($"ix_{tableName}_{name}")} ON {SqliteTypes.Quote(tableName)} ({SqliteTypes.Quote(name)})");
        }
        ct.ThrowIfCancellationRequested();
    }

    private static SqliteType SqliteTypeOf(ColumnType type) => type switch
    {
        ColumnType.Integer => SqliteType.Integer,
        ColumnType.Decimal => SqliteType.Real,
        _ => SqliteType.Text,
    };

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
