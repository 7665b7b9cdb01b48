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

    private readonly bool _createIfMissing;

    /// <summary>A ledger in the SQLite file at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="createIfMissing">
    /// Whether a missing file is created (granting a budget); when false, using the ledger fails with
    /// a <see cref="LedgerUnavailableException"/> instead of leaving an empty database behind a typo.
    /// </param>
    public SqliteBudgetLedger(string path, bool createIfMissing = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        SQLitePCL.Batteries_V2.Init();
        Path = path;
        _createIfMissing = createIfMissing;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = createIfMissing ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            DefaultTimeout = 60,
            Pooling = false,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override string Location => System.IO.Path.GetFullPath(Path);

    /// <inheritdoc/>
    protected override string? DescribeFailure(Exception error)
    {
        if (error is not SqliteException sqlite)
        {
            return null;
        }
        var full = System.IO.Path.GetFullPath(Path);
        return sqlite.SqliteErrorCode switch
        {
            14 when Directory.Exists(full) => "it is a folder, not a SQLite file",
            14 when !Directory.Exists(System.IO.Path.GetDirectoryName(full)) => "its folder does not exist",
            14 when !File.Exists(full) => "the file does not exist (sanitas budget set creates it)",
            14 => "the file cannot be opened (check its permissions)",
            8 => "the file is read-only (a charge must be written)",
            26 => "the file is not a SQLite database",
            11 => "the database file is damaged",
            10 => "the disk could not be read or written",
            13 => "the disk is full",
            5 or 6 => "the database is locked by another process",
            _ => $"SQLite error {sqlite.SqliteErrorCode} ({sqlite.Message})",
        };
    }

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
        if (!_createIfMissing && !File.Exists(Path))
        {
            throw new LedgerUnavailableException(Location,
                Directory.Exists(Path) ? "it is a folder, not a SQLite file."
                : !Directory.Exists(System.IO.Path.GetDirectoryName(Location)) ? "its folder does not exist."
                : "the file does not exist (sanitas budget set creates it; check --db or --ledger).", null);
        }
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
