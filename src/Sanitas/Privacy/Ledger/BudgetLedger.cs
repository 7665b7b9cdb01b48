using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Sanitas.Privacy;

/// <summary>
/// The persistent privacy-budget ledger: per analyst and dataset, the ε and δ granted and spent,
/// and an audit trail of every charge. A charge is one conditional update, committed before the
/// caller touches any data: it succeeds only while the total stays within the budget, so
/// concurrent queries can never overspend (the database serializes them), and once
/// <see cref="ChargeAsync"/> returns the charge is durable, so a crash never loses it.
/// Stored in SQLite (<see cref="SqliteBudgetLedger"/>) or PostgreSQL (<see cref="PostgresBudgetLedger"/>).
/// </summary>
public abstract class BudgetLedger
{
    /// <summary>Relative slack for floating-point sums, so that ten charges of 0.1 fit a budget of 1.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>
    /// The ledger in a database named as on the command line: an Npgsql connection string
    /// (<c>Host=…;Port=…;Username=…;Database=…</c>) or a SQLite file path.
    /// </summary>
    /// <param name="database">The connection string or file path.</param>
    /// <param name="createIfMissing">Whether a missing SQLite file is created (granting a budget) or refused (showing, charging, releasing): no default, so every caller decides — a mistyped path must not answer from a new, empty ledger.</param>
    public static BudgetLedger Open(string database, bool createIfMissing)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return Sanitas.Data.DatabaseTarget.Of(database).Kind == Sanitas.Data.DatabaseKind.PostgreSql
            ? new PostgresBudgetLedger(database)
            : new SqliteBudgetLedger(database, createIfMissing);
    }

    /// <summary>
    /// The dataset a database argument stands for in the ledger: the database name of a PostgreSQL
    /// connection string, or the file name without extension of a SQLite path (<c>trial.sqlite</c> → <c>trial</c>).
    /// </summary>
    public static string DatasetName(string database)
    {
        if (Sanitas.Data.DatabaseTarget.IsPostgreSql(database))
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(database);
            return string.IsNullOrEmpty(builder.Database) ? builder.Username ?? "postgres" : builder.Database;
        }
        return System.IO.Path.GetFileNameWithoutExtension(database);
    }

    /// <summary>Opens a connection to the ledger's database.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The statements that create the ledger's tables if they do not exist.</summary>
    protected abstract IEnumerable<string> SchemaStatements { get; }

    /// <summary>Starts the transaction a charge runs in (SQLite takes the write lock up front).</summary>
    protected virtual Task<DbTransaction> BeginChargeAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).AsTask();

    /// <summary>The SQL that appends an audit row and returns its id.</summary>
    protected abstract string InsertEntrySql { get; }

    private volatile bool _created;

    /// <summary>Creates the ledger's tables if needed (once per ledger object).</summary>
    /// <exception cref="LedgerUnavailableException">The ledger's database cannot be opened or written.</exception>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await EnsureCreatedCoreAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });

    private async Task EnsureCreatedCoreAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                foreach (var sql in SchemaStatements)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                _created = true;
                return;
            }
            catch (DbException) when (attempt < 5)
            {
                // Two processes creating the tables at once: PostgreSQL may report a duplicate catalog entry. Try again.
                await Task.Delay(20 * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Grants an analyst a budget on a dataset (what was already spent stays spent).</summary>
    /// <exception cref="ArgumentException">
    /// An ε that is neither 0 nor at least <see cref="PrivacyParameters.MinimumEpsilon"/>, a non-finite ε or δ, δ outside [0, 1), or an empty name.
    /// </exception>
    /// <exception cref="LedgerUnavailableException">The ledger's database cannot be opened or written.</exception>
    public Task<PrivacyBudget> SetBudgetAsync(string analyst, string dataset, double epsilon, double delta = 0, CancellationToken cancellationToken = default)
    {
        CheckNames(analyst, dataset);
        PrivacyParameters.CheckBudgetEpsilon(epsilon, "The ε budget");
        PrivacyParameters.CheckDelta(delta, "The δ budget");
        return Guard(() => SetBudgetCoreAsync(analyst, dataset, epsilon, delta, cancellationToken));
    }

    private async Task<PrivacyBudget> SetBudgetCoreAsync(string analyst, string dataset, double epsilon, double delta, CancellationToken cancellationToken)
    {
        await EnsureCreatedCoreAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginChargeAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var update = Command(connection, transaction,
            "UPDATE sanitas_budget SET epsilon_total = @epsilon, delta_total = @delta WHERE analyst = @analyst AND dataset = @dataset",
            ("analyst", analyst), ("dataset", dataset), ("epsilon", epsilon), ("delta", delta)))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await using var insert = Command(connection, transaction,
                    "INSERT INTO sanitas_budget (analyst, dataset, epsilon_total, delta_total, epsilon_spent, delta_spent) VALUES (@analyst, @dataset, @epsilon, @delta, 0, 0)",
                    ("analyst", analyst), ("dataset", dataset), ("epsilon", epsilon), ("delta", delta));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadBudgetAsync(connection, null, analyst, dataset, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The analyst's budget on the dataset, or null when none was set.</summary>
    /// <exception cref="LedgerUnavailableException">The ledger's database cannot be opened or read.</exception>
    public Task<PrivacyBudget?> GetAsync(string analyst, string dataset, CancellationToken cancellationToken = default)
    {
        CheckNames(analyst, dataset);
        return Guard(async () =>
        {
            await EnsureCreatedCoreAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await ReadBudgetAsync(connection, null, analyst, dataset, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Charges ε and δ to the analyst's budget, atomically and durably, and records the charge in
    /// the audit trail. Call it before reading any data; release only after it returned.
    /// </summary>
    /// <exception cref="PrivacyBudgetExceededException">
    /// No budget is set, or the charge would exceed it (so also when less than <see cref="PrivacyParameters.MinimumEpsilon"/> remains); nothing was charged.
    /// </exception>
    /// <exception cref="ArgumentException">ε is below <see cref="PrivacyParameters.MinimumEpsilon"/> or not finite, or δ is outside [0, 1).</exception>
    /// <exception cref="LedgerUnavailableException">The ledger's database cannot be opened or written; nothing was charged.</exception>
    public Task<LedgerEntry> ChargeAsync(string analyst, string dataset, double epsilon, double delta, string description, CancellationToken cancellationToken = default)
    {
        CheckNames(analyst, dataset);
        PrivacyParameters.CheckReleaseEpsilon(epsilon, "The ε of a charge");
        PrivacyParameters.CheckDelta(delta, "The δ of a charge");
        return Guard(() => ChargeCoreAsync(analyst, dataset, epsilon, delta, description, cancellationToken));
    }

    private async Task<LedgerEntry> ChargeCoreAsync(string analyst, string dataset, double epsilon, double delta, string description, CancellationToken cancellationToken)
    {
        await EnsureCreatedCoreAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginChargeAsync(connection, cancellationToken).ConfigureAwait(false);
        int updated;
        await using (var charge = Command(connection, transaction,
            "UPDATE sanitas_budget SET epsilon_spent = epsilon_spent + @epsilon, delta_spent = delta_spent + @delta " +
            "WHERE analyst = @analyst AND dataset = @dataset " +
            "AND epsilon_spent + @epsilon <= epsilon_total * (1 + @tolerance) + @tolerance " +
            "AND delta_spent + @delta <= delta_total * (1 + @tolerance)",
            ("analyst", analyst), ("dataset", dataset), ("epsilon", epsilon), ("delta", delta), ("tolerance", Tolerance)))
        {
            updated = await charge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (updated == 0)
        {
            var budget = await ReadBudgetAsync(connection, transaction, analyst, dataset, cancellationToken).ConfigureAwait(false);
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            throw Refusal(analyst, dataset, epsilon, delta, budget);
        }
        var chargedAt = DateTimeOffset.UtcNow;
        long id;
        await using (var insert = Command(connection, transaction, InsertEntrySql,
            ("analyst", analyst), ("dataset", dataset), ("epsilon", epsilon), ("delta", delta), ("description", description), ("charged_at", chargedAt.ToString("O", CultureInfo.InvariantCulture))))
        {
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new LedgerEntry(id, analyst, dataset, epsilon, delta, description, chargedAt);
    }

    /// <summary>The audit trail of an analyst (all datasets when <paramref name="dataset"/> is null), oldest first.</summary>
    /// <exception cref="LedgerUnavailableException">The ledger's database cannot be opened or read.</exception>
    public Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(string analyst, string? dataset = null, CancellationToken cancellationToken = default) =>
        Guard(() => GetEntriesCoreAsync(analyst, dataset, cancellationToken));

    private async Task<IReadOnlyList<LedgerEntry>> GetEntriesCoreAsync(string analyst, string? dataset, CancellationToken cancellationToken)
    {
        await EnsureCreatedCoreAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT id, analyst, dataset, epsilon, delta, description, charged_at FROM sanitas_ledger WHERE analyst = @analyst" +
            (dataset is null ? "" : " AND dataset = @dataset") + " ORDER BY id",
            ("analyst", analyst), ("dataset", dataset ?? ""));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new LedgerEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetString(5),
                DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }
        return entries;
    }

    /// <summary>Where the ledger lives, for messages: a file path, or a PostgreSQL database and server (never a password).</summary>
    public abstract string Location { get; }

    /// <summary>The cause of a database error in words, or <see langword="null"/> for the error's own message.</summary>
    protected virtual string? DescribeFailure(Exception error) => null;

    /// <summary>Runs a ledger operation, turning the database's errors into a <see cref="LedgerUnavailableException"/> that names the ledger.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or TimeoutException)
        {
            var cause = DescribeFailure(e) ?? e.Message;
            throw new LedgerUnavailableException(Location, cause.EndsWith('.') ? cause : cause + ".", e);
        }
    }

    private static PrivacyBudgetExceededException Refusal(string analyst, string dataset, double epsilon, double delta, PrivacyBudget? budget)
    {
        if (budget is null)
        {
            return new PrivacyBudgetExceededException($"Analyst '{analyst}' has no privacy budget on '{dataset}'; ask the data steward to set one (sanitas budget set). Nothing was charged or released.", null, epsilon, delta);
        }
        var below = budget.EpsilonRemaining < PrivacyParameters.MinimumEpsilon
            ? $" Less than the minimum ε = {PrivacyParameters.MinimumEpsilon.ToString(CultureInfo.InvariantCulture)} of a release remains: no query can run until the budget is raised."
            : "";
        var e = (FormattableString)$"Analyst '{analyst}' asked for ε = {epsilon:G6}, δ = {delta:G3} on '{dataset}', but only ε = {budget.EpsilonRemaining:G6}, δ = {budget.DeltaRemaining:G3} remain of ε = {budget.EpsilonTotal:G6}, δ = {budget.DeltaTotal:G3}.{below} Nothing was charged or released.";
        return new PrivacyBudgetExceededException(e.ToString(CultureInfo.InvariantCulture), budget, epsilon, delta);
    }

    private static async Task<PrivacyBudget?> ReadBudgetAsync(DbConnection connection, DbTransaction? transaction, string analyst, string dataset, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT epsilon_total, delta_total, epsilon_spent, delta_spent FROM sanitas_budget WHERE analyst = @analyst AND dataset = @dataset",
            ("analyst", analyst), ("dataset", dataset));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new PrivacyBudget(analyst, dataset, reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3))
            : null;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        return command;
    }

    private static void CheckNames(string analyst, string dataset)
    {
        if (string.IsNullOrWhiteSpace(analyst))
        {
            throw new InvalidOptionException("analyst", "The analyst's name is empty.", null);
        }
        if (string.IsNullOrWhiteSpace(dataset))
        {
            throw new InvalidOptionException("dataset", "The dataset's name is empty.", null);
        }
    }
}
