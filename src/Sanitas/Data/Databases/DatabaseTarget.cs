using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sanitas.Data;

/// <summary>
/// A database named as on the command line — a SQLite file path or an Npgsql connection string
/// (<c>Host=…;Database=…</c>) — with its <see cref="SqlDialect"/>: the one place that opens
/// connections to it and reads query results from it.
/// </summary>
/// <remarks>
/// PostgreSQL connections come from the target's one <see cref="NpgsqlDataSource"/> (its pool, created
/// on first use), disposed with the target: a query opens one target, runs its statements through it
/// and disposes it, so no idle connection outlives the work. SQLite files are opened read-only for
/// queries, with LIKE made case-sensitive (as in PostgreSQL and in memory) and the MD5 function
/// of <see cref="SqlDialect.Md5Function"/> registered.
/// </remarks>
public sealed class DatabaseTarget : IAsyncDisposable, IDisposable
{
    /// <summary>The SQLite name of the MD5 function registered on every query connection (PostgreSQL has <c>md5</c> built in).</summary>
    internal const string SqliteMd5Function = "sanitas_md5";

    private readonly Lock _lock = new();
    private NpgsqlDataSource? _dataSource;
    private bool _disposed;

    private DatabaseTarget(string database, SqlDialect dialect)
    {
        Database = database;
        Dialect = dialect;
    }

    /// <summary>The target named by a command-line database argument (no connection is opened yet); dispose it when done.</summary>
    /// <param name="database">A SQLite file path or an Npgsql connection string (<c>Host=…</c>).</param>
    public static DatabaseTarget Of(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return new DatabaseTarget(database, IsPostgreSql(database) ? SqlDialect.PostgreSql : SqlDialect.Sqlite);
    }

    /// <summary>Whether a database argument is an Npgsql connection string rather than a file path.</summary>
    public static bool IsPostgreSql(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Contains("Host=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The database as given: a file path or a connection string.</summary>
    public string Database { get; }

    /// <summary>The engine's SQL dialect.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The engine.</summary>
    public DatabaseKind Kind => Dialect.Kind;

    /// <summary>The target's PostgreSQL data source (created on first use).</summary>
    internal NpgsqlDataSource DataSource
    {
        get
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _dataSource ??= NpgsqlDataSource.Create(Database);
            }
        }
    }

    /// <summary>Opens a read-write connection to the PostgreSQL database (for writers and the ledger).</summary>
    internal async Task<NpgsqlConnection> OpenPostgresConnectionAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the target's pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlDataSource? source;
        lock (_lock)
        {
            (source, _dataSource, _disposed) = (_dataSource, null, true);
        }
        if (source is not null)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the target's pooled connections.</summary>
    public void Dispose()
    {
        NpgsqlDataSource? source;
        lock (_lock)
        {
            (source, _dataSource, _disposed) = (_dataSource, null, true);
        }
        source?.Dispose();
    }

    /// <summary>The lower-case hexadecimal MD5 of a text's UTF-8 bytes, as PostgreSQL's <c>md5(text)</c>.</summary>
    internal static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Opens a connection for reading: SQLite read-only (the file must exist), with case-sensitive
    /// LIKE and the MD5 function registered; PostgreSQL from the connection string's data source.
    /// </summary>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>An open connection; dispose it when done.</returns>
    /// <exception cref="SanitasDataException">The SQLite file does not exist.</exception>
    public async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (Dialect.IsPostgreSql)
        {
            return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!File.Exists(Database))
        {
            throw new SanitasDataException($"The SQLite database {Database} does not exist.");
        }
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(SqliteTypes.ConnectionString(Database, SqliteOpenMode.ReadOnly));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            connection.CreateFunction<string?, string?>(SqliteMd5Function, text => text is null ? null : Md5Hex(text), isDeterministic: true);
            await using var pragma = connection.CreateCommand();
            // LIKE is case-sensitive in PostgreSQL and in memory; make SQLite agree.
            pragma.CommandText = "PRAGMA case_sensitive_like = ON";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SanitasDataException($"Cannot open the SQLite database {Database}: {e.Message}", e);
        }
    }

    /// <summary>Reads a whole table into a dictionary-encoded <see cref="Table"/>.</summary>
    /// <param name="tableName">The table, as the database spells it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="SanitasDataException">The database or table does not exist or cannot be read.</exception>
    public Task<Table> ReadTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        return QueryTableAsync($"SELECT * FROM {SqlDialect.QuoteIdentifier(tableName)}", cancellationToken);
    }

    /// <summary>Runs a query and reads its result into a dictionary-encoded <see cref="Table"/> (<see cref="DatabaseTableReader"/>).</summary>
    /// <param name="sql">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="SanitasDataException">The database cannot be opened or rejected the query (its message is kept).</exception>
    public async Task<Table> QueryTableAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await DatabaseTableReader.ReadAsync(connection, Dialect, Describe(), sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a query and reads its result as SQL values per column — long, double, string, bool or null —
    /// for code that computes on them (the DP engine's narrow rows and totals) rather than a <see cref="Table"/>.
    /// </summary>
    /// <exception cref="DbException">The database rejected the query.</exception>
    internal Task<DatabaseRows> QueryValuesAsync(string sql, CancellationToken cancellationToken) => QueryValuesAsync(sql, null, cancellationToken);

    /// <summary>
    /// <see cref="QueryValuesAsync(string, CancellationToken)"/>, first preparing the connection for the
    /// query (<paramref name="prepare"/>: functions registered on SQLite, settings on PostgreSQL).
    /// </summary>
    /// <exception cref="DbException">The database rejected the query.</exception>
    internal async Task<DatabaseRows> QueryValuesAsync(string sql, Func<DbConnection, CancellationToken, Task>? prepare, CancellationToken cancellationToken)
    {
        var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (prepare is not null)
            {
                await prepare(connection, cancellationToken).ConfigureAwait(false);
            }
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var count = reader.FieldCount;
            var values = Enumerable.Range(0, count).Select(_ => new List<object?>()).ToArray();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < count; i++)
                {
                    values[i].Add(reader.IsDBNull(i) ? null : DatabaseTableReader.SqlValue(reader.GetValue(i)));
                }
            }
            return new DatabaseRows(
                Enumerable.Range(0, count).Select(reader.GetName).ToList(),
                values.Select(v => v.ToArray()).ToList(),
                values.Length == 0 ? 0 : values[0].Count);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Dialect} database {Describe()}";

    /// <summary>The database's name in messages: the file path, or a PostgreSQL database's name and host (never its password).</summary>
    private string Describe()
    {
        if (!Dialect.IsPostgreSql)
        {
            return Database;
        }
        var builder = new NpgsqlConnectionStringBuilder(Database);
        return $"'{builder.Database}' on {builder.Host}:{builder.Port}";
    }
}
