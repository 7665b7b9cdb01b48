using System.Data.Common;
using Npgsql;

namespace Sanitas.Privacy;

/// <summary>
/// The budget ledger in PostgreSQL. A charge is a conditional <c>UPDATE</c> of the budget row,
/// which PostgreSQL row-locks, so concurrent charges serialize and cannot overspend. Connections come from
/// Npgsql's pool for the connection string (shared by every ledger on the same database), so a ledger holds
/// nothing that needs disposing.
/// </summary>
public sealed class PostgresBudgetLedger : BudgetLedger
{
    private readonly string _connectionString;

    /// <summary>A ledger in the database of an Npgsql connection string (<c>Host=…;Port=…;Username=…;Database=…</c>).</summary>
    public PostgresBudgetLedger(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = $"in PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
    }

    /// <inheritdoc/>
    public override string Location { get; }

    /// <inheritdoc/>
    protected override string? DescribeFailure(Exception error) => error switch
    {
        NpgsqlException { InnerException: System.Net.Sockets.SocketException s } => $"the server cannot be reached ({s.Message})",
        PostgresException p => $"PostgreSQL refused ({p.SqlState}: {p.MessageText})",
        TimeoutException or NpgsqlException { InnerException: TimeoutException } => "the server did not answer in time",
        _ => null,
    };

    /// <inheritdoc/>
    protected override IEnumerable<string> SchemaStatements =>
    [
        "CREATE TABLE IF NOT EXISTS sanitas_budget (analyst TEXT NOT NULL, dataset TEXT NOT NULL, epsilon_total DOUBLE PRECISION NOT NULL, delta_total DOUBLE PRECISION NOT NULL, epsilon_spent DOUBLE PRECISION NOT NULL, delta_spent DOUBLE PRECISION NOT NULL, PRIMARY KEY (analyst, dataset))",
        "CREATE TABLE IF NOT EXISTS sanitas_ledger (id BIGSERIAL PRIMARY KEY, analyst TEXT NOT NULL, dataset TEXT NOT NULL, epsilon DOUBLE PRECISION NOT NULL, delta DOUBLE PRECISION NOT NULL, description TEXT NOT NULL, charged_at TEXT NOT NULL)",
    ];

    /// <inheritdoc/>
    protected override string InsertEntrySql =>
        "INSERT INTO sanitas_ledger (analyst, dataset, epsilon, delta, description, charged_at) VALUES (@analyst, @dataset, @epsilon, @delta, @description, @charged_at) RETURNING id";

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
