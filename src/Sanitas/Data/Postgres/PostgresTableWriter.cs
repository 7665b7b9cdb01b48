using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Sanitas.Data;

/// <summary>
/// Writes a <see cref="Table"/> into a PostgreSQL table with binary COPY, in one transaction (the
/// CREATE included): a failure or cancellation rolls everything back, so no half-written table is
/// left and an existing table being replaced survives.
/// </summary>
public static class PostgresTableWriter
{
    /// <summary>Creates the table (or replaces it when <paramref name="replace"/>) and copies the rows.</summary>
    /// <exception cref="SanitasDataException">The table exists and <paramref name="replace"/> is false.</exception>
    public static Task WriteAsync(Table table, string connectionString, string tableName, bool replace = false, IProgress<double>? progress = null, CancellationToken ct = default) =>
        WriteAsync(table, connectionString, tableName, new SqliteWriteOptions { Replace = replace, Progress = progress }, ct);

    /// <summary>
    /// Creates the table with the options SQLite's writer takes (replace, a primary key, indexed
    /// columns, progress) and copies the rows; the key and indexes are created in the same transaction.
    /// </summary>
    /// <exception cref="ArgumentException">A key or index names a column the table does not have.</exception>
    /// <exception cref="SanitasDataException">The table exists and replacing was not asked for, the key's values are not unique, or the server refused.</exception>
    public static async Task WriteAsync(Table table, string connectionString, string tableName, SqliteWriteOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        foreach (var name in options.IndexedColumns.Append(options.PrimaryKey))
        {
            if (name is not null && table.IndexOf(name) < 0)
            {
                throw new InvalidOptionException("options", $"Unknown column '{name}' for a key or index. The table has: {string.Join(", ", table.ColumnNames)}.", null);
            }
        }
        try
        {
            await WriteCoreAsync(table, connectionString, tableName, options, ct).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw new SanitasDataException($"PostgreSQL refused to write table '{tableName}' ({e.SqlState}: {e.MessageText}); nothing was changed.", e);
        }
        catch (NpgsqlException e)
        {
            throw new SanitasDataException($"Cannot write table '{tableName}' to PostgreSQL: {e.Message}; nothing was changed.", e);
        }
    }

    private static async Task WriteCoreAsync(Table table, string connectionString, string tableName, SqliteWriteOptions options, CancellationToken ct)
    {
        var (replace, progress) = (options.Replace, options.Progress);
        await using var target = DatabaseTarget.Of(connectionString);
        await using var connection = await target.OpenPostgresConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var quoted = Quote(tableName);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.AddWithValue("name", quoted);
            if ((bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))! && !replace)
            {
                throw new SanitasDataException($"The table '{tableName}' already exists in the PostgreSQL database; pass --replace to replace it. Nothing was changed.");
            }
        }
        var columns = string.Join(", ", table.Columns.Select(c => $"{Quote(c.Name)} {SqlType(c.Type)}"));
        await using (var create = new NpgsqlCommand($"DROP TABLE IF EXISTS {quoted}; CREATE TABLE {quoted} ({columns})", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var names = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {quoted} ({names}) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false))
        {
            var typed = table.Columns.Select(Decode).ToArray();
            for (var r = 0; r < table.RowCount; r++)
            {
                if ((r & 0x3FFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report((double)r / Math.Max(1, table.RowCount));
                }
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                for (var c = 0; c < typed.Length; c++)
                {
                    var (values, type) = typed[c];
                    var value = values[table.Columns[c].Codes[r]];
                    if (value is null)
                    {
                        await importer.WriteNullAsync(ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteAsync(value, type, ct).ConfigureAwait(false);
                    }
                }
            }
            await importer.CompleteAsync(ct).ConfigureAwait(false);
        }
        var constraints = new List<string>();
        if (options.PrimaryKey is { } key)
        {
            constraints.Add($"ALTER TABLE {quoted} ADD PRIMARY KEY ({Quote(key)})");
        }
        constraints.AddRange(options.IndexedColumns.Select(name => $"CREATE INDEX {Quote($"ix_{tableName}_{name}")} ON {quoted} ({Quote(name)})"));
        foreach (var sql in constraints)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        progress?.Report(1);
    }

    private static string Quote(string identifier) => SqlDialect.QuoteIdentifier(identifier);

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Integer => "BIGINT",
        ColumnType.Decimal => "DOUBLE PRECISION",
        _ => "TEXT",
    };

    private static (object?[] Values, NpgsqlDbType Type) Decode(Column column) => column.Type switch
    {
        ColumnType.Integer => (column.Dictionary.Select(v => v is null ? null : (object)long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray(), NpgsqlDbType.Bigint),
        ColumnType.Decimal => (column.Dictionary.Select(v => v is null ? null : (object)double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(), NpgsqlDbType.Double),
        _ => (column.Dictionary.Cast<object?>().ToArray(), NpgsqlDbType.Text),
    };
}
