using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Sanitas.Privacy;

/// <summary>
/// The budget ledger in a SQLite file (the embedded default; usually the data's own database).
/// Charges take SQLite's write lock up front (<c>BEGIN IMMEDIATE</c>), and the file runs in WAL
/// mode with full synchronization, so a committed charge survives a crash.
/// </summary>
public sealed class SqliteBudgetLedger : BudgetLedger
{
    private readonly string _connectionString;

    /// <summary>A ledger in the SQLite file at <paramref name="path"/> (created when missing).</summary>
    public SqliteBudgetLedger(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        SQLitePCL.Batteries_V2.Init();
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 60, Pooling = false }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    protected override IEnumerable<string> SchemaStatements =>
    [
        "PRAGMA journal_mode = WAL",
        "CREATE TABLE IF NOT EXISTS sanitas_budget (analyst TEXT NOT NULL, dataset TEXT NOT NULL, epsilon_total REAL NOT NULL, delta_total REAL NOT NULL, epsilon_spent REAL NOT NULL, delta_spent REAL NOT NULL, PRIMARY KEY (analyst, dataset))",
        "CREATE TABLE IF NOT EXISTS sanitas_ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, analyst TEXT NOT NULL, dataset TEXT NOT NULL, epsilon REAL NOT NULL, delta REAL NOT NULL, description TEXT NOT NULL, charged_at TEXT NOT NULL)",
    ];

    /// <inheritdoc/>
    protected override string InsertEntrySql =>
        "INSERT INTO sanitas_ledger (analyst, dataset, epsilon, delta, description, charged_at) VALUES (@analyst, @dataset, @epsilon, @delta, @description, @charged_at); SELECT last_insert_rowid()";

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <inheritdoc/>
    protected override async Task<DbTransaction> BeginChargeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // IMMEDIATE takes the write lock now: two charges cannot both read the old total.
        var sqlite = (SqliteConnection)connection;
        return await Task.Run(() => (DbTransaction)sqlite.BeginTransaction(deferred: false), cancellationToken).ConfigureAwait(false);
    }
}
