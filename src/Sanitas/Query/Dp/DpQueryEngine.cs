using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// Answers SQL with differential privacy on in-memory tables or a database. The order is fixed: plan
/// from the SQL and metadata alone (<see cref="DpQueryPlanner"/>), charge the analyst's ledger (refused
/// → nothing is read or released), then read the data, bound each person's contribution (at most R
/// rows, in at most G groups; <see cref="ContributionBounding"/>), aggregate exactly (in memory or
/// pushed down, <see cref="DpPushdownSql"/>), add noise from the secure samplers to every released
/// value (<see cref="NoisyAggregation"/>), and post-process (<see cref="DpPostProcessing"/>). Every
/// group of the public key domains is released, present in the data or not.
/// </summary>
/// <remarks>
/// Counts and sums use the Laplace mechanism (<see cref="LaplaceMechanism"/>, exact discrete
/// noise on a power-of-two grid) with the plan's L1 sensitivity over all groups, so each aggregate
/// is ε_a-DP and the query is ε-DP by sequential composition (Dwork and Roth 2014, Thm 3.14).
/// Persons are the privacy unit: bounding happens per value of the privacy-unit column.
/// This class is the public facade; the steps live in the internal types named above.
/// </remarks>
public static class DpQueryEngine
{
    /// <summary>Plans a query without touching any data: what it releases and what it costs.</summary>
    /// <exception cref="SqlSyntaxException">The SQL does not parse.</exception>
    /// <exception cref="QueryException">The query cannot be answered with DP (no bounds, no public keys, unsupported aggregate).</exception>
    public static DpQueryPlan Plan(string sql, double epsilon, DatabaseMetadata metadata) =>
        DpQueryPlanner.Plan(SqlParser.Parse(sql), epsilon, metadata);

    /// <summary>Plans a query that may group by a private key (partition selection needs δ) without touching any data.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="epsilon">The ε to spend on it.</param>
    /// <param name="delta">The δ available to partition selection; charged only when a group key is private.</param>
    /// <param name="metadata">The declared metadata.</param>
    /// <exception cref="SqlSyntaxException">The SQL does not parse.</exception>
    /// <exception cref="QueryException">The query cannot be answered with DP.</exception>
    public static DpQueryPlan Plan(string sql, double epsilon, double delta, DatabaseMetadata metadata) =>
        DpQueryPlanner.Plan(SqlParser.Parse(sql), epsilon, metadata, delta);

    /// <summary>Plans, charges the ledger, and releases the noisy answer.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="epsilon">The ε to spend on it.</param>
    /// <param name="metadata">The declared metadata (privacy units, bounds, public keys).</param>
    /// <param name="tables">The data.</param>
    /// <param name="ledger">The budget ledger to charge.</param>
    /// <param name="analyst">Who asks.</param>
    /// <param name="dataset">The dataset the budget is for.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> when null (tests may pass a seeded one).</param>
    /// <param name="cancellationToken">Cancels before the charge; after it, the charge stands.</param>
    /// <exception cref="PrivacyBudgetExceededException">The analyst has no budget or not enough left; nothing was charged or released.</exception>
    public static Task<DpQueryResult> ExecuteAsync(string sql, double epsilon, DatabaseMetadata metadata, IReadOnlyDictionary<string, Table> tables,
        BudgetLedger ledger, string analyst, string dataset, IRandomBits? random = null, CancellationToken cancellationToken = default) =>
        ExecuteCoreAsync(sql, epsilon, 0, metadata, (_, _) => Task.FromResult(tables), ledger, analyst, dataset, random, cancellationToken);

    /// <summary>Plans, charges (ε, δ) to the ledger, and releases the noisy answer; δ pays for partition selection of a private group key.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="cost">The ε to spend, and the δ available to partition selection (charged only when a group key is private).</param>
    /// <param name="metadata">The declared metadata.</param>
    /// <param name="tables">The data.</param>
    /// <param name="ledger">The budget ledger to charge.</param>
    /// <param name="analyst">Who asks.</param>
    /// <param name="dataset">The dataset the budget is for.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> when null.</param>
    /// <param name="cancellationToken">Cancels before the charge; after it, the charge stands.</param>
    /// <exception cref="PrivacyBudgetExceededException">The analyst has not enough ε or δ left; nothing was charged or released.</exception>
    public static Task<DpQueryResult> ExecuteAsync(string sql, ApproximateDp cost, DatabaseMetadata metadata, IReadOnlyDictionary<string, Table> tables,
        BudgetLedger ledger, string analyst, string dataset, IRandomBits? random = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return ExecuteCoreAsync(sql, cost.Epsilon, cost.Delta, metadata, (_, _) => Task.FromResult(tables), ledger, analyst, dataset, random, cancellationToken);
    }

    /// <summary>
    /// Plans, charges the ledger, and only then loads the tables the query names (from a database)
    /// and releases the noisy answer: no data is read before the charge is committed.
    /// </summary>
    /// <param name="sql">The query.</param>
    /// <param name="epsilon">The ε to spend on it.</param>
    /// <param name="metadata">The declared metadata.</param>
    /// <param name="loadTables">Loads the named tables; called after the charge.</param>
    /// <param name="ledger">The budget ledger to charge.</param>
    /// <param name="analyst">Who asks.</param>
    /// <param name="dataset">The dataset the budget is for.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> when null.</param>
    /// <param name="cancellationToken">Cancels before the charge; after it, the charge stands.</param>
    /// <exception cref="PrivacyBudgetExceededException">The analyst has no budget or not enough left; nothing was charged, read or released.</exception>
    public static Task<DpQueryResult> ExecuteAsync(string sql, double epsilon, DatabaseMetadata metadata,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, Table>>> loadTables,
        BudgetLedger ledger, string analyst, string dataset, IRandomBits? random = null, CancellationToken cancellationToken = default) =>
        ExecuteCoreAsync(sql, epsilon, 0, metadata, loadTables, ledger, analyst, dataset, random, cancellationToken);

    private static async Task<DpQueryResult> ExecuteCoreAsync(string sql, double epsilon, double delta, DatabaseMetadata metadata,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, Table>>> loadTables,
        BudgetLedger ledger, string analyst, string dataset, IRandomBits? random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(loadTables);
        var plan = Plan(sql, epsilon, delta, metadata);
        var charge = plan.Charge;
        var entry = await ledger.ChargeAsync(analyst, dataset, charge.Epsilon, charge.Delta, sql, cancellationToken).ConfigureAwait(false);
        var released = await AfterCharge(plan, async () =>
        {
            var tables = await loadTables(TableNames(plan.Query.From), CancellationToken.None).ConfigureAwait(false);
            return DpRelease.Release(plan, tables, random ?? SecureRandom.Instance);
        }).ConfigureAwait(false);
        return await DpPostProcessing.FinishAsync(plan, released, entry, ledger, analyst, dataset).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers a query on a database with differential privacy, the engine doing the row-level work:
    /// the FROM clause, joins, subqueries, WHERE and the key and argument expressions run in SQLite or
    /// PostgreSQL, and only the privacy unit, the keys and the arguments come back; bounding, the
    /// aggregates and the noise follow in memory, exactly as for in-memory tables. The SQL is checked
    /// against the database's schema (with LIMIT 0, reading no rows) before the ledger is charged.
    /// </summary>
    /// <param name="sql">The query.</param>
    /// <param name="epsilon">The ε to spend on it.</param>
    /// <param name="metadata">The declared metadata.</param>
    /// <param name="database">A SQLite file path or an Npgsql connection string (<c>Host=…</c>).</param>
    /// <param name="ledger">The budget ledger to charge.</param>
    /// <param name="analyst">Who asks.</param>
    /// <param name="dataset">The dataset the budget is for.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> when null.</param>
    /// <param name="cancellationToken">Cancels before the charge; after it, the charge stands.</param>
    /// <exception cref="QueryException">The query cannot be answered, or the database rejects it; nothing was charged.</exception>
    /// <exception cref="PrivacyBudgetExceededException">The analyst has no budget or not enough left; nothing was charged, read or released.</exception>
    public static Task<DpQueryResult> ExecuteOnDatabaseAsync(string sql, double epsilon, DatabaseMetadata metadata, string database,
        BudgetLedger ledger, string analyst, string dataset, IRandomBits? random = null, CancellationToken cancellationToken = default) =>
        ExecuteOnDatabaseCoreAsync(sql, epsilon, 0, metadata, database, ledger, analyst, dataset, random, cancellationToken);

    /// <summary>Answers a query on a database with (ε, δ)-DP: as the ε-only overload, with δ for partition selection of a private group key.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="cost">The ε to spend, and the δ available to partition selection (charged only when a group key is private).</param>
    /// <param name="metadata">The declared metadata.</param>
    /// <param name="database">A SQLite file path or an Npgsql connection string (<c>Host=…</c>).</param>
    /// <param name="ledger">The budget ledger to charge.</param>
    /// <param name="analyst">Who asks.</param>
    /// <param name="dataset">The dataset the budget is for.</param>
    /// <param name="random">The noise source; <see cref="SecureRandom"/> when null.</param>
    /// <param name="cancellationToken">Cancels before the charge; after it, the charge stands.</param>
    /// <exception cref="QueryException">The query cannot be answered, or the database rejects it; nothing was charged.</exception>
    /// <exception cref="PrivacyBudgetExceededException">The analyst has not enough ε or δ left; nothing was charged, read or released.</exception>
    public static Task<DpQueryResult> ExecuteOnDatabaseAsync(string sql, ApproximateDp cost, DatabaseMetadata metadata, string database,
        BudgetLedger ledger, string analyst, string dataset, IRandomBits? random = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return ExecuteOnDatabaseCoreAsync(sql, cost.Epsilon, cost.Delta, metadata, database, ledger, analyst, dataset, random, cancellationToken);
    }

    private static async Task<DpQueryResult> ExecuteOnDatabaseCoreAsync(string sql, double epsilon, double delta, DatabaseMetadata metadata, string database,
        BudgetLedger ledger, string analyst, string dataset, IRandomBits? random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var plan = Plan(sql, epsilon, delta, metadata);
        await using var target = DatabaseTarget.Of(database);
        await DpDatabaseExecution.CheckAsync(plan, target, cancellationToken).ConfigureAwait(false);
        var charge = plan.Charge;
        var entry = await ledger.ChargeAsync(analyst, dataset, charge.Epsilon, charge.Delta, sql, cancellationToken).ConfigureAwait(false);
        var released = await AfterCharge(plan, () => DpDatabaseExecution.ReleaseAsync(plan, target, random ?? SecureRandom.Instance)).ConfigureAwait(false);
        return await DpPostProcessing.FinishAsync(plan, released, entry, ledger, analyst, dataset).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a plan's SQL against a database's schema as a real query does before its charge (LIMIT 0:
    /// no rows are read), for <see cref="DpQueryExplanation.ExplainOnDatabaseAsync"/>.
    /// </summary>
    internal static async Task CheckOnDatabaseAsync(DpQueryPlan plan, string database, CancellationToken cancellationToken)
    {
        await using var target = DatabaseTarget.Of(database);
        await DpDatabaseExecution.CheckAsync(plan, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the data-dependent part after the charge. An error there (a type error on some row, a
    /// division by zero in the database) must not reveal what the data holds, so it is replaced by a
    /// message that names only the query's place, never a value.
    /// </summary>
    internal static async Task<T> AfterCharge<T>(DpQueryPlan? plan, Func<Task<T>> work)
    {
        RowExpressionCompiler.UseTotalSemantics();
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (e is QueryException or SanitasDataException or System.Data.Common.DbException or InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            var span = e is QueryException q ? q.Span : plan?.Query.Span ?? default;
            throw new QueryException(span, "the query failed while reading the data (for example a type error or a division by zero in an expression); the ε stays charged and nothing was released. The data's values are not shown.");
        }
    }

    /// <summary>The tables a FROM clause names, as written.</summary>
    internal static IReadOnlyCollection<string> TableNames(TableSource from) => from switch
    {
        TableReference t => [t.Name],
        SubquerySource s => TableNames(s.Query.From),
        JoinSource j => [.. TableNames(j.Left), .. TableNames(j.Right)],
        _ => [],
    };
}
