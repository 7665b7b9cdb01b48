using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// Answers SQL with differential privacy on in-memory tables. The order is fixed: plan from the
/// SQL and metadata alone, charge the analyst's ledger (refused → nothing is read or released),
/// then read the data, bound each person's contribution (at most R rows, in at most G groups),
/// aggregate exactly, and add noise from the secure samplers to every released value. Every group
/// of the public key domains is released, present in the data or not.
/// </summary>
/// <remarks>
/// Counts and sums use the Laplace mechanism (<see cref="LaplaceMechanism"/>, exact discrete
/// noise on a power-of-two grid) with the plan's L1 sensitivity over all groups, so each aggregate
/// is ε_a-DP and the query is ε-DP by sequential composition (Dwork and Roth 2014, Thm 3.14).
/// Persons are the privacy unit: bounding happens per value of the privacy-unit column.
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
            return Release(plan, tables, random ?? SecureRandom.Instance);
        }).ConfigureAwait(false);
        return await Finish(plan, released, entry, ledger, analyst, dataset).ConfigureAwait(false);
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
        await CheckOnDatabaseAsync(plan, database, cancellationToken).ConfigureAwait(false);
        var narrowSql = NarrowSql(plan, BudgetLedger.IsPostgres(database));
        var charge = plan.Charge;
        var entry = await ledger.ChargeAsync(analyst, dataset, charge.Epsilon, charge.Delta, sql, cancellationToken).ConfigureAwait(false);
        var quantiles = plan.Aggregates.Any(a => a.Call.Function is AggregateFunction.Median or AggregateFunction.PercentileCont);
        var released = await AfterCharge(plan, async () =>
        {
            var rng = random ?? SecureRandom.Instance;
            // The salt first, on every path, so that every engine draws the same noise after it.
            var salt = ContributionBounding.DrawSalt(rng);
            if (quantiles || plan.PrivateKey is not null)
            {
                // Quantiles need the values, partition selection the persons per key: bound and aggregate the narrow rows in memory.
                var narrow = await DatabaseQuery(database, narrowSql, CancellationToken.None).ConfigureAwait(false);
                return Release(plan, narrow, salt, rng);
            }
            var postgres = BudgetLedger.IsPostgres(database);
            var perGroup = Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit);
            if (CanPreAggregate(plan))
            {
                double Largest(Relation relation, string name) => relation.Columns.First(c => c.Name == name).Values.Max(v => v is null ? 0 : SqlValues.ToDouble(v));
                var exceeds = false;
                if (!postgres && plan.Keys.All(k => k.IsPersonLevel))
                {
                    // (Also without GROUP BY: every person is then in the one group.)
                    // Keys of the person's own row (Patients): group by the person alone, which SQLite can
                    // stream in the order of an index on the unit, instead of sorting by (person, keys).
                    // PostgreSQL hashes GROUP BY (person, keys) without a sort, and its MIN/MAX of text
                    // cost more than they save (measured), so it goes straight to the one pass.
                    var perPerson = await DatabaseQuery(database, PersonLevelSql(plan, postgres), CancellationToken.None).ConfigureAwait(false);
                    var mixed = perPerson.RowCount > 0 && Largest(perPerson, "$mixed") > 0;
                    // Unmixed, each person's rows lie in one group: R and R_g bound the same rows.
                    exceeds = perPerson.RowCount > 0 && Largest(perPerson, "$n") > perGroup;
                    if (!mixed && !exceeds)
                    {
                        return Emit(plan, TotalsFromRelation(plan, perPerson), rng);
                    }
                }
                if (!exceeds)
                {
                    // One pass: per-person totals per group, their rows and groups, then totals per group.
                    var onePass = await DatabaseQuery(database, OnePassSql(plan, postgres), CancellationToken.None).ConfigureAwait(false);
                    if (onePass.RowCount == 0 || (Largest(onePass, "$n") <= plan.MaxRowsPerUnit && Largest(onePass, "$g") <= plan.MaxGroupsPerUnit && Largest(onePass, "$m") <= perGroup))
                    {
                        return Emit(plan, TotalsFromRelation(plan, onePass), rng);
                    }
                }
                // Someone exceeds the bounds: keep a random subset of their groups and rows (same released values as in memory).
                var ranked = await DatabaseQuery(database, AggregateSql(plan, postgres, salt), CancellationToken.None).ConfigureAwait(false);
                return Emit(plan, TotalsFromRelation(plan, ranked), rng);
            }
            var bounds = await DatabaseQuery(database, BoundsSql(plan, postgres), CancellationToken.None).ConfigureAwait(false);
            double Max(int c) => bounds.RowCount > 0 && bounds.Columns[c].Values[0] is { } v ? SqlValues.ToDouble(v) : 0;
            var bounded = Max(0) > plan.MaxRowsPerUnit || Max(1) > plan.MaxGroupsPerUnit || Max(2) > perGroup;
            var totals = await DatabaseQuery(database, AggregateSql(plan, postgres, bounded ? salt : null), CancellationToken.None).ConfigureAwait(false);
            return Emit(plan, TotalsFromRelation(plan, totals), rng);
        }).ConfigureAwait(false);
        return await Finish(plan, released, entry, ledger, analyst, dataset).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a plan's SQL against a database's schema as a real query does before its charge (LIMIT 0:
    /// no rows are read), for <see cref="DpQueryExplanation.ExplainOnDatabaseAsync"/>.
    /// </summary>
    internal static async Task CheckOnDatabaseAsync(DpQueryPlan plan, string database, CancellationToken cancellationToken)
    {
        try
        {
            await DatabaseQuery(database, $"SELECT * FROM ({NarrowSql(plan, BudgetLedger.IsPostgres(database))}) AS \"narrow\" LIMIT 0", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or SanitasDataException)
        {
            throw new QueryException($"The database rejected the query ({e.Message.Trim()}); nothing was charged. Names are sent as the metadata spells them (PostgreSQL matches quoted names exactly).", e);
        }
    }

    /// <summary>
    /// Runs the data-dependent part after the charge. An error there (a type error on some row, a
    /// division by zero in the database) must not reveal what the data holds, so it is replaced by a
    /// message that names only the query's place, never a value.
    /// </summary>
    private static async Task<T> AfterCharge<T>(DpQueryPlan plan, Func<Task<T>> work)
    {
        RowExpressionCompiler.UseTotalSemantics();
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (e is QueryException or SanitasDataException or System.Data.Common.DbException or InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            var span = e is QueryException q ? q.Span : plan.Query.Span;
            throw new QueryException(span, "the query failed while reading the data (for example a type error or a division by zero in an expression); the ε stays charged and nothing was released. The data's values are not shown.");
        }
    }

    /// <summary>Runs SQL on the database and reads the result straight into a relation of SQL values (long, double, string, bool).</summary>
    private static async Task<Relation> DatabaseQuery(string database, string sql, CancellationToken cancellationToken)
    {
        System.Data.Common.DbConnection connection;
        if (BudgetLedger.IsPostgres(database))
        {
            connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            SQLitePCL.Batteries_V2.Init();
            var sqlite = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = database, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly }.ToString());
            connection = sqlite;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // The keyed priorities of contribution bounding (PostgreSQL has md5 built in).
            ContributionBounding.Register(sqlite);
            await using var pragma = connection.CreateCommand();
            // LIKE is case-sensitive in PostgreSQL and in memory; make SQLite agree.
            pragma.CommandText = "PRAGMA case_sensitive_like = ON";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var count = reader.FieldCount;
            var values = Enumerable.Range(0, count).Select(_ => new List<object?>()).ToArray();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < count; i++)
                {
                    values[i].Add(reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                    {
                        long l => l,
                        int n => (long)n,
                        short n => (long)n,
                        double d => d,
                        float f => (double)f,
                        decimal m => (double)m,
                        string t => t,
                        bool b => b,
                        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
                    });
                }
            }
            return new Relation(Enumerable.Range(0, count).Select(i => new RelationColumn("narrow", reader.GetName(i), values[i].ToArray())).ToList(), values.Length == 0 ? 0 : values[0].Count);
        }
    }

    private static async Task<DpQueryResult> Finish(DpQueryPlan plan, (List<string> Columns, List<object?[]> Rows, List<double?[]> Intervals) released,
        LedgerEntry entry, BudgetLedger ledger, string analyst, string dataset)
    {
        var (columns, rows, intervals) = released;
        (rows, intervals) = Having(plan.Query, rows, intervals);
        var budget = await ledger.GetAsync(analyst, dataset, CancellationToken.None).ConfigureAwait(false);
        var ordered = InMemoryEngine.Finish(plan.Query with { Limit = null }, columns, rows);
        // ORDER BY and LIMIT are post-processing of the noisy rows; keep the intervals aligned.
        var positions = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < rows.Count; i++)
        {
            positions[rows[i]] = i;
        }
        var order = ordered.Rows.Select(r => positions[r]).ToList();
        var limit = plan.Query.Limit is { } l ? (int)Math.Min(l, int.MaxValue) : int.MaxValue;
        return new DpQueryResult(
            columns,
            order.Take(limit).Select(i => (IReadOnlyList<object?>)rows[i]).ToList(),
            order.Take(limit).Select(i => (IReadOnlyList<double?>)intervals[i]).ToList(),
            entry.Epsilon,
            budget?.EpsilonRemaining ?? 0,
            plan)
        {
            DeltaSpent = entry.Delta,
            DeltaRemaining = budget?.DeltaRemaining ?? 0,
            ReleaseThreshold = plan.PrivateKey is null ? null : new PartitionSelection(plan.SelectionEpsilon, plan.Delta, plan.MaxPartitionsPerUnit).Threshold,
            IntervalUnits = plan.Query.Items.Select(i => i.Expression is AggregateCall a
                ? a.Function is AggregateFunction.Median or AggregateFunction.PercentileCont ? "rank" : "value"
                : null).ToList(),
        };
    }

    /// <summary>HAVING on the noisy rows (post-processing): each select item's expression, or its alias, refers to the released value.</summary>
    private static (List<object?[]> Rows, List<double?[]> Intervals) Having(SelectStatement query, List<object?[]> rows, List<double?[]> intervals)
    {
        if (query.Having is null)
        {
            return (rows, intervals);
        }
        var items = query.Items.Select(i => i.Expression.ToSql()).ToList();
        var relation = new Relation(
            query.Items.Select((item, c) => new RelationColumn(null, "$item" + c, rows.Select(r => r[c]).ToArray())).ToList(), rows.Count);
        var condition = SqlRewriter.Rewrite(query.Having, node =>
        {
            var c = items.IndexOf(node.ToSql());
            if (c < 0 && node is ColumnReference { Qualifier: null } reference)
            {
                c = query.Items.ToList().FindIndex(i => string.Equals(i.Alias, reference.Name, StringComparison.OrdinalIgnoreCase));
            }
            return c >= 0 ? new ColumnReference(null, "$item" + c) { Span = node.Span } : null;
        });
        var predicate = new RowExpressionCompiler(relation).Compile(condition);
        var keep = Enumerable.Range(0, rows.Count).Where(r => SqlValues.Truth(predicate(r)) == true).ToList();
        return (keep.Select(r => rows[r]).ToList(), keep.Select(r => intervals[r]).ToList());
    }

    /// <summary>The tables a FROM clause names, as written.</summary>
    public static IReadOnlyCollection<string> TableNames(TableSource from) => from switch
    {
        TableReference t => [t.Name],
        SubquerySource s => TableNames(s.Query.From),
        JoinSource j => [.. TableNames(j.Left), .. TableNames(j.Right)],
        _ => [],
    };

    private static (List<string> Columns, List<object?[]> Rows, List<double?[]> Intervals) Release(DpQueryPlan plan, IReadOnlyDictionary<string, Table> tables, IRandomBits random)
    {
        // The salt first, so that every engine draws the same noise after it from the same source.
        var salt = ContributionBounding.DrawSalt(random);
        return Release(plan, NarrowInMemory(plan, tables), salt, random);
    }

    /// <summary>The arguments of the plan's aggregates, once each, in order (COUNT(*) has none).</summary>
    private static List<SqlExpression> Arguments(DpQueryPlan plan) => plan.Aggregates
        .Where(a => !a.Call.IsCountStar)
        .Select(a => a.Call.Argument)
        .GroupBy(e => e.ToSql()).Select(g => g.First()).ToList();

    /// <summary>
    /// The narrow input of a DP query, computed in memory: one row per source row passing WHERE, with
    /// the privacy unit, every group key and every aggregate argument ($u, $k0…, $a0…).
    /// </summary>
    private static Relation NarrowInMemory(DpQueryPlan plan, IReadOnlyDictionary<string, Table> tables)
    {
        var query = plan.Query;
        var lookup = new Dictionary<string, Table>(tables, StringComparer.OrdinalIgnoreCase);
        var source = InMemoryEngine.Source(query.From, lookup, CancellationToken.None);
        var rows = InMemoryEngine.Filter(source, query.Where);
        var compiler = new RowExpressionCompiler(source);
        var unitColumn = source.Columns.FirstOrDefault(c => string.Equals(c.Name, plan.PrivacyUnit, StringComparison.OrdinalIgnoreCase))
            ?? throw new QueryException(query.From.Span, $"the privacy unit column '{plan.PrivacyUnit}' is not available in FROM.");
        var getters = new List<Func<int, object?>> { r => unitColumn.Values[r] };
        getters.AddRange(plan.Keys.Select(k => compiler.Compile(k.Evaluated)));
        getters.AddRange(Arguments(plan).Select(compiler.Compile));
        var names = NarrowNames(plan);
        var columns = getters.Select((get, c) => new RelationColumn(null, names[c], rows.Select(r => get(r)).ToArray())).ToList();
        return new Relation(columns, rows.Count);
    }

    private static List<string> NarrowNames(DpQueryPlan plan) =>
        ["$u", .. plan.Keys.Select((_, k) => "$k" + k), .. Arguments(plan).Select((_, a) => "$a" + a)];

    /// <summary>
    /// The SQL that computes the narrow input in the database (SQLite or PostgreSQL): the row-level
    /// part of the query — FROM, joins, subqueries, WHERE, key and argument expressions — runs there,
    /// and only the unit, keys and arguments come back.
    /// </summary>
    internal static string NarrowSql(DpQueryPlan plan, bool postgres)
    {
        var query = plan.Query;
        var names = NarrowNames(plan);
        // One spelling per name (the metadata's), so that PostgreSQL finds quoted names whatever case the query used.
        var spelling = plan.Names;
        var from = spelling?.Rewrite(query.From) ?? query.From;
        SqlExpression Spelled(SqlExpression e) => spelling?.Rewrite(e) ?? e;
        var expressions = new List<string> { SqlFormatter.QuoteIdentifier(UnitQualifier(from)) + "." + SqlFormatter.QuoteIdentifier(plan.PrivacyUnit) };
        // Text keys compare byte by byte, as in memory: a column declared with another collation
        // (SQLite's NOCASE, a PostgreSQL locale) would otherwise merge or split groups.
        expressions.AddRange(plan.Keys.Select(k => Spelled(k.Evaluated).ToSql() + (k.Domain.Any(v => v is string) ? (postgres ? " COLLATE \"C\"" : " COLLATE BINARY") : "")));
        expressions.AddRange(Arguments(plan).Select(a => Spelled(a).ToSql()));
        var select = string.Join(", ", expressions.Select((e, i) => $"{e} AS {SqlFormatter.QuoteIdentifier(names[i])}"));
        return $"SELECT {select} FROM {from.ToSql()}" + (query.Where is null ? "" : $" WHERE {Spelled(query.Where).ToSql()}");
    }

    private static string UnitQualifier(TableSource from) => from switch
    {
        TableReference t => t.Alias ?? t.Name,
        SubquerySource s => s.Alias,
        JoinSource j => UnitQualifier(j.Left),
        _ => throw new QueryException(from.Span, "this FROM clause is not supported in DP queries."),
    };

    /// <summary>
    /// Bounds, aggregates and adds noise to the narrow input. Bounding does not depend on the order
    /// rows arrive in (so every engine bounds alike): a person over a bound keeps a uniformly random
    /// subset of their groups and rows, chosen by the query's salt (<see cref="ContributionBounding"/>).
    /// </summary>
    private static (List<string> Columns, List<object?[]> Rows, List<double?[]> Intervals) Release(DpQueryPlan plan, Relation narrow, string salt, IRandomBits random)
    {
        if (plan.PrivateKey is { } p)
        {
            return ReleaseWithPartitionSelection(plan, p, narrow, salt, random);
        }
        return AggregateAndNoise(plan, narrow, Bound(plan, narrow, salt), random);
    }

    /// <summary>
    /// Releases a query grouped by a private key (Korolova et al. 2009; Desfontaines, Voss, Gipson
    /// &amp; Mandayam 2022, "Differentially private partition selection", PoPETs): bound every person
    /// as usual (at most R rows in at most G groups, by their own rows only), count the distinct
    /// persons per private value among the kept rows, keep the values that pass
    /// <see cref="PartitionSelection"/> (ε_sel, δ; Δ₀ = min(R, G)), and release the noisy aggregates of
    /// the kept values only (crossed with the public keys' domains).
    /// </summary>
    /// <remarks>
    /// Why (ε, δ)-DP overall: the per-person bounding is stable (removing a person removes only their
    /// kept rows, so they add at most 1 to at most Δ₀ private values' distinct counts), which is the
    /// condition under which <see cref="PartitionSelection"/> is (ε_sel, δ)-DP. The aggregates are
    /// the restriction, to the selected values, of noisy aggregates over every possible value (those
    /// without rows have exact total 0): that mechanism has the plan's L1 sensitivity whatever the
    /// set of values, so it is ε_agg-DP, and restricting to the selection is post-processing. By
    /// sequential (adaptive) composition the query is (ε_sel + ε_agg, δ)-DP, ε_sel + ε_agg = ε.
    /// A value held only by the removed person is released with probability at most δ.
    /// </remarks>
    private static (List<string> Columns, List<object?[]> Rows, List<double?[]> Intervals) ReleaseWithPartitionSelection(DpQueryPlan plan, int privateKey, Relation narrow, string salt, IRandomBits random)
    {
        // Candidate domain: the values present (sorted, so a person's bounding depends on their own rows only).
        var observed = narrow.Columns[1 + privateKey].Values.OfType<object>().Distinct(SqlValueComparer.Instance).ToList();
        observed.Sort(SqlValues.Compare);
        var candidate = WithDomain(plan, privateKey, observed);
        var kept = Bound(candidate, narrow, salt);
        var candidateStrides = Strides(candidate);
        int Position(int group) => group / candidateStrides[privateKey] % observed.Count;
        // Each person's kept rows lie in at most min(R, G) groups, so in at most Δ₀ private values: the
        // selection's own bounding keeps them all.
        var selection = new PartitionSelection(plan.SelectionEpsilon, plan.Delta, plan.MaxPartitionsPerUnit);
        var selected = selection.SelectBounded(kept.Where(k => k.InRows).Select(k => (k.Unit, Position(k.Group))), SqlValueComparer.Instance, Comparer<int>.Default, random)
            .Order().ToList();
        var final = WithDomain(plan, privateKey, selected.Select(i => observed[i]).ToList());
        var finalStrides = Strides(final);
        var newPosition = selected.Select((old, i) => (old, i)).ToDictionary(e => e.old, e => e.i);
        var remapped = new List<(int Row, int Group, object Unit, bool InRows)>(kept.Count);
        foreach (var (row, group, unit, inRows) in kept)
        {
            if (!newPosition.TryGetValue(Position(group), out var position))
            {
                continue;
            }
            var g = 0;
            for (var k = 0; k < plan.Keys.Count; k++)
            {
                g += (k == privateKey ? position : group / candidateStrides[k] % candidate.Keys[k].Domain.Count) * finalStrides[k];
            }
            remapped.Add((row, g, unit, inRows));
        }
        return AggregateAndNoise(final, narrow, remapped, random);
    }

    private static DpQueryPlan WithDomain(DpQueryPlan plan, int key, IReadOnlyList<object> domain)
    {
        var keys = plan.Keys.ToList();
        keys[key] = keys[key] with { Domain = domain };
        return plan with { Keys = keys };
    }

    /// <summary>
    /// Bounds each person's contribution (<see cref="ContributionBounding"/>): rows outside the key
    /// domains are dropped; a person over a bound keeps a uniformly random subset chosen by the salt:
    /// G groups, in each R_g rows, then R rows of those. The rows kept by the group and per-group
    /// bounds but not by R come back with InRows false: only COUNT(DISTINCT person) counts them.
    /// </summary>
    private static List<(int Row, int Group, object Unit, bool InRows)> Bound(DpQueryPlan plan, Relation narrow, string salt)
    {
        var domainIndex = DomainIndex(plan);
        var strides = Strides(plan);
        var unitValues = narrow.Columns[0].Values;
        var keyValues = Enumerable.Range(0, plan.Keys.Count).Select(k => narrow.Columns[1 + k].Values).ToArray();
        var argumentValues = narrow.Columns.Skip(1 + plan.Keys.Count).Select(c => c.Values).ToArray();

        var byUnit = new Dictionary<object, List<(int Row, int Group)>>(SqlValueComparer.Instance);
        for (var r = 0; r < narrow.RowCount; r++)
        {
            if (unitValues[r] is not { } unit)
            {
                continue;
            }
            var group = 0;
            var inDomain = true;
            for (var k = 0; k < keyValues.Length && inDomain; k++)
            {
                inDomain = keyValues[k][r] is { } v && domainIndex[k].TryGetValue(v, out var position) && (group += position * strides[k]) >= 0;
            }
            if (inDomain)
            {
                (byUnit.TryGetValue(unit, out var list) ? list : byUnit[unit] = []).Add((r, group));
            }
        }
        // The deterministic numbering: by group, then argument values (NULL first), as the databases' ORDER BY.
        var order = Comparer<(int Row, int Group)>.Create((a, b) =>
        {
            var c = a.Group.CompareTo(b.Group);
            for (var i = 0; c == 0 && i < argumentValues.Length; i++)
            {
                var x = argumentValues[i][a.Row];
                var y = argumentValues[i][b.Row];
                c = x is null ? (y is null ? 0 : -1) : y is null ? 1 : SqlValues.Compare(x, y);
            }
            return c;
        });
        var (maxRows, maxGroups, maxPerGroup) = (plan.MaxRowsPerUnit, plan.MaxGroupsPerUnit, Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit));
        var kept = new List<(int Row, int Group, object Unit, bool InRows)>();
        foreach (var unit in byUnit.Keys.Order(Comparer<object>.Create(SqlValues.Compare)))
        {
            var candidates = byUnit[unit];
            var perGroup = candidates.CountBy(c => c.Group).ToList();
            if (candidates.Count <= maxRows && perGroup.Count <= maxGroups && perGroup.All(g => g.Value <= maxPerGroup))
            {
                // Within every bound: keep every row, no sorting or hashing needed.
                foreach (var (row, group) in candidates)
                {
                    kept.Add((row, group, unit, true));
                }
                continue;
            }
            candidates.Sort(order);
            // Numbers from 1: rows in the order above, groups in key order (dense).
            var groupNumber = new Dictionary<int, long>();
            foreach (var (_, group) in candidates)
            {
                groupNumber.TryAdd(group, groupNumber.Count + 1);
            }
            var keptGroups = groupNumber
                .Select(g => (g.Key, Priority: ContributionBounding.Priority(salt, 'g', unit, g.Value), Number: g.Value))
                .OrderBy(g => g.Priority, StringComparer.Ordinal).ThenBy(g => g.Number)
                .Take(maxGroups).Select(g => g.Key).ToHashSet();
            var rows = candidates
                .Select((c, i) => (c.Row, c.Group, Priority: ContributionBounding.Priority(salt, 'r', unit, i + 1), Number: i + 1))
                .Where(c => keptGroups.Contains(c.Group))
                .OrderBy(c => c.Priority, StringComparer.Ordinal).ThenBy(c => c.Number)
                .ToList();
            var inGroup = new Dictionary<int, int>();
            var inRows = 0;
            foreach (var (row, group, _, _) in rows)
            {
                var n = inGroup[group] = inGroup.GetValueOrDefault(group) + 1;
                if (n <= maxPerGroup)
                {
                    kept.Add((row, group, unit, ++inRows <= maxRows));
                }
            }
        }
        return kept;
    }

    /// <summary>The exact totals over the kept rows, then the noisy release.</summary>
    private static (List<string> Columns, List<object?[]> Rows, List<double?[]> Intervals) AggregateAndNoise(DpQueryPlan plan, Relation narrow, List<(int Row, int Group, object Unit, bool InRows)> kept, IRandomBits random)
    {
        var groupCount = (int)plan.GroupCount;
        var compiler = new RowExpressionCompiler(narrow);
        var arguments = Arguments(plan).Select(a => a.ToSql()).ToList();
        var aggregates = plan.Aggregates.Select(a => a.Call.IsCountStar ? a
            : a with { Call = a.Call with { Argument = new ColumnReference(null, "$a" + arguments.IndexOf(a.Call.Argument.ToSql())) { Span = a.Call.Argument.Span } } }).ToList();
        return Emit(plan, aggregates.Select(a => Totals(a, kept, compiler, groupCount)).ToArray(), random);
    }

    /// <summary>The released table: every group of the public domain with its keys and noisy aggregates.</summary>
    private static (List<string> Columns, List<object?[]> Rows, List<double?[]> Intervals) Emit(DpQueryPlan plan, GroupTotals[] totals, IRandomBits random)
    {
        var query = plan.Query;
        var groupCount = (int)plan.GroupCount;
        var strides = Strides(plan);
        var columns = query.Items.Select(InMemoryEngine.OutputName).ToList();
        var output = Enumerable.Range(0, groupCount).Select(_ => new object?[columns.Count]).ToList();
        var intervals = Enumerable.Range(0, groupCount).Select(_ => new double?[columns.Count]).ToList();
        for (var g = 0; g < groupCount; g++)
        {
            for (var i = 0; i < query.Items.Count; i++)
            {
                if (query.Items[i].Expression is not AggregateCall)
                {
                    output[g][i] = KeyValue(query.Items[i].Expression, query, plan, g, strides);
                }
            }
        }
        for (var a = 0; a < plan.Aggregates.Count; a++)
        {
            var aggregate = plan.Aggregates[a];
            var written = aggregate.Call.ToSql();
            var items = Enumerable.Range(0, query.Items.Count).Where(i => query.Items[i].Expression.ToSql() == written).ToList();
            var (values, halfWidths) = Noisy(aggregate, plan, totals[a], groupCount, random);
            for (var g = 0; g < groupCount; g++)
            {
                foreach (var i in items)
                {
                    output[g][i] = values[g];
                    intervals[g][i] = halfWidths[g];
                }
            }
        }
        return (columns, output, intervals);
    }

    /// <summary>Per key, the position of each public value in its domain.</summary>
    private static List<Dictionary<object, int>> DomainIndex(DpQueryPlan plan) =>
        plan.Keys.Select(k => k.Domain.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, SqlValueComparer.Instance)).ToList();

    /// <summary>The SQL condition keeping rows whose keys lie in the public domains (empty without keys).</summary>
    private static string? DomainCondition(DpQueryPlan plan) => plan.Keys.Count == 0 ? null : DomainFilter(plan)[" AND ".Length..];

    private static string DomainFilter(DpQueryPlan plan) => string.Concat(Enumerable.Range(0, plan.Keys.Count).Select(i =>
        $" AND {SqlFormatter.QuoteIdentifier("$k" + i)} IN ({string.Join(", ", plan.Keys[i].Domain.Select(Literal))})"));

    private static int[] Strides(DpQueryPlan plan)
    {
        var strides = new int[plan.Keys.Count];
        for (int k = plan.Keys.Count - 1, stride = 1; k >= 0; k--)
        {
            strides[k] = stride;
            stride *= plan.Keys[k].Domain.Count;
        }
        return strides;
    }

    /// <summary>
    /// The SQL that bounds and aggregates in the database (no quantiles): rows outside the public key
    /// domains are dropped; with a <paramref name="salt"/>, each person keeps the same random subset as
    /// in memory (<see cref="ContributionBounding"/>): rows numbered per person by (keys, arguments),
    /// groups by keys, each given its MD5 priority; the G groups of lowest priority, in each the R_g
    /// rows of lowest priority, then R rows of those ("$keep"; COUNT(DISTINCT person) counts all the
    /// rows the group bounds kept). Without a salt nobody exceeds a bound and every row is kept. The
    /// totals per group come back (one row per group present).
    /// </summary>
    internal static string AggregateSql(DpQueryPlan plan, bool postgres, string? salt)
    {
        var k = plan.Keys.Count;
        string Key(int i) => SqlFormatter.QuoteIdentifier("$k" + i) + (postgres && plan.Keys[i].Domain.Any(v => v is string) ? " COLLATE \"C\"" : "");
        var keyOrder = string.Join(", ", Enumerable.Range(0, k).Select(Key));
        var argCount = Arguments(plan).Count;
        var argOrder = string.Join(", ", Enumerable.Range(0, argCount).Select(a => SqlFormatter.QuoteIdentifier("$a" + a) + " ASC NULLS FIRST"));
        var rowOrder = string.Join(", ", new[] { keyOrder, argOrder }.Where(x => x.Length > 0));
        var domainFilter = DomainFilter(plan);
        var arguments = Arguments(plan).Select(a => a.ToSql()).ToList();
        var bounded = salt is not null;
        // Bounded: row aggregates read "$b…" (the argument where R kept the row, else NULL); counts of persons read "$a…".
        string RowArgument(int index) => SqlFormatter.QuoteIdentifier((bounded ? "$b" : "$a") + index);
        var aggregates = new List<string>();
        for (var a = 0; a < plan.Aggregates.Count; a++)
        {
            var aggregate = plan.Aggregates[a];
            var call = aggregate.Call;
            if (call.IsCountStar)
            {
                aggregates.Add(bounded ? $"COUNT(\"$keep\") AS \"c{a}\"" : $"COUNT(*) AS \"c{a}\"");
                continue;
            }
            var index = arguments.IndexOf(call.Argument.ToSql());
            var arg = aggregate.CountsPersons ? SqlFormatter.QuoteIdentifier("$a" + index) : RowArgument(index);
            if (call.Function == AggregateFunction.Count)
            {
                aggregates.Add($"COUNT({(call.Distinct ? "DISTINCT " : "")}{arg}) AS \"c{a}\"");
                continue;
            }
            var y = Centred(aggregate, arg, postgres);
            aggregates.Add($"COUNT({arg}) AS \"c{a}\", {CentredSum(aggregate, arg, postgres)} AS \"s{a}\"" + (NeedsSquares(aggregate) ? $", {SumOfSquares(y, postgres)} AS \"q{a}\"" : ""));
        }
        var keys = string.Join(", ", Enumerable.Range(0, k).Select(i => SqlFormatter.QuoteIdentifier("$k" + i)));
        var groupBy = k > 0 ? $" GROUP BY {keys}" : "";
        var narrow = $"SELECT * FROM ({NarrowSql(plan, postgres)}) AS \"n0\" WHERE \"$u\" IS NOT NULL{domainFilter}";
        if (!bounded)
        {
            // Nobody exceeds the bounds (checked by BoundsSql): bounding keeps every row.
            return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", aggregates)} FROM ({narrow}) AS \"n1\"{groupBy}";
        }
        string Over(string partition, string order) => $"OVER (PARTITION BY {partition}{(order.Length > 0 ? " ORDER BY " + order : "")})";
        var personGroup = "\"$u\"" + (k > 0 ? ", " + keyOrder : "");
        // 1. Deterministic numbers: rows by (keys, arguments), groups by keys, per person.
        var numbered = $"SELECT *, ROW_NUMBER() {Over("\"$u\"", rowOrder)} AS \"$ri\", DENSE_RANK() {Over("\"$u\"", keyOrder)} AS \"$gi\" FROM ({narrow}) AS \"n1\"";
        // 2. Their keyed priorities (the salt never leaves the query text).
        var hashed = $"SELECT *, {ContributionBounding.PrioritySql(salt!, 'r', "\"$u\"", "\"$ri\"", postgres)} AS \"$rh\", " +
            $"{ContributionBounding.PrioritySql(salt!, 'g', "\"$u\"", "\"$gi\"", postgres)} AS \"$gh\" FROM ({numbered}) AS \"n2\"";
        // 3. The group's rank among the person's groups, the row's rank in its group.
        var ranked = $"SELECT *, DENSE_RANK() {Over("\"$u\"", "\"$gh\", \"$gi\"")} AS \"$gr\", ROW_NUMBER() {Over(personGroup, "\"$rh\", \"$ri\"")} AS \"$rg\" FROM ({hashed}) AS \"n3\"";
        // 4. G groups and R_g rows in each; then the rank among the person's remaining rows decides R.
        var perGroup = Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit);
        var grouped = $"SELECT *, ROW_NUMBER() {Over("\"$u\"", "\"$rh\", \"$ri\"")} AS \"$rn\" FROM ({ranked}) AS \"n4\" WHERE \"$gr\" <= {plan.MaxGroupsPerUnit} AND \"$rg\" <= {perGroup}";
        var rowKept = $"\"$rn\" <= {plan.MaxRowsPerUnit}";
        var kept = $"SELECT *, CASE WHEN {rowKept} THEN 1 END AS \"$keep\"" +
            string.Concat(Enumerable.Range(0, argCount).Select(i => $", CASE WHEN {rowKept} THEN {SqlFormatter.QuoteIdentifier("$a" + i)} END AS {SqlFormatter.QuoteIdentifier("$b" + i)}")) +
            $" FROM ({grouped}) AS \"n5\"";
        return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", aggregates)} FROM ({kept}) AS \"n6\"{groupBy}";
    }

    /// <summary>Whether every aggregate decomposes over per-person partial totals (COUNT(DISTINCT x) only when x is the person).</summary>
    internal static bool CanPreAggregate(DpQueryPlan plan) => plan.Aggregates.All(a =>
        a.Call.Function is not (AggregateFunction.Median or AggregateFunction.PercentileCont) && (!a.Call.Distinct || a.CountsPersons));

    /// <summary>The clamped, centred argument y = clamp(x, L, U) − m of a SUM, AVG or VARIANCE (NULL for NULL x).</summary>
    private static string Centred(DpAggregate aggregate, string arg, bool postgres)
    {
        var (lower, upper) = (Literal(aggregate.Lower), Literal(aggregate.Upper));
        // SQLite's multi-argument MAX/MIN return NULL when an argument is NULL; PostgreSQL's
        // GREATEST/LEAST skip NULLs, so there a NULL must be kept explicitly.
        var clamped = postgres
            ? $"CASE WHEN {arg} IS NULL THEN NULL ELSE GREATEST({lower}, LEAST({upper}, {arg})) END"
            : $"MAX({lower}, MIN({upper}, {arg}))";
        return $"({clamped} - {Literal(Center(aggregate))})";
    }

    /// <summary>
    /// Σ (clamp(x, L, U) − m) over the non-NULL x, as Σ min(x, U) over x ≥ L plus L times the count
    /// below L, minus m·count: one comparison and a MIN per row instead of a full clamp expression.
    /// No term can cancel another (each summand lies in [L, U]): an extreme or infinite value counts
    /// as L or U, exactly as clamping it would (and PostgreSQL's NaN, which sorts above every
    /// number, as U, like the in-memory engine).
    /// </summary>
    private static string CentredSum(DpAggregate aggregate, string arg, bool postgres)
    {
        if (postgres)
        {
            string Real(string e) => $"CAST({e} AS DOUBLE PRECISION)";
            var (lower, upper, center) = (Real(Literal(aggregate.Lower)), Real(Literal(aggregate.Upper)), Real(Literal(Center(aggregate))));
            return $"(COALESCE(SUM(LEAST({Real(arg)}, {upper})) FILTER (WHERE {arg} >= {lower}), 0)" +
                $" + {lower} * COUNT({arg}) FILTER (WHERE {arg} < {lower}) - {center} * COUNT({arg}))";
        }
        var (l, u, m) = (Literal(aggregate.Lower), Literal(aggregate.Upper), Literal(Center(aggregate)));
        // TOTAL: SQLite's floating-point sum (0.0 over no rows, never an integer overflow).
        return $"(TOTAL(MIN({arg}, {u})) FILTER (WHERE {arg} >= {l}) + {l} * COUNT({arg}) FILTER (WHERE {arg} < {l}) - {m} * COUNT({arg}))";
    }

    /// <summary>
    /// Σ y² in floating point on both databases: an integer sum of squares would overflow (an error in
    /// SQLite's SUM and in PostgreSQL's bigint product) for some row counts only, after the charge.
    /// </summary>
    private static string SumOfSquares(string y, bool postgres) => postgres
        ? $"SUM(CAST({y} AS DOUBLE PRECISION) * CAST({y} AS DOUBLE PRECISION))"
        : $"TOTAL(CAST({y} AS REAL) * CAST({y} AS REAL))";

    /// <summary>Whether an aggregate needs the sum of squares (VARIANCE and STDDEV; AVG and SUM do not).</summary>
    private static bool NeedsSquares(DpAggregate aggregate) => aggregate.Call.Function is AggregateFunction.Variance or AggregateFunction.StdDev;

    /// <summary>
    /// The partial totals of a pre-aggregation: per (person, group) row, its row count ("$rows") and
    /// per aggregate its count, sum and, for VARIANCE, sum of squares of the clamped centred values;
    /// and how the outer query adds them per group (a count of persons counts those rows).
    /// </summary>
    private static (List<string> Inner, List<string> Outer) PartialTotals(DpQueryPlan plan, bool postgres)
    {
        var arguments = Arguments(plan).Select(a => a.ToSql()).ToList();
        var inner = new List<string> { "COUNT(*) AS \"$rows\"" };
        var outer = new List<string>();
        for (var a = 0; a < plan.Aggregates.Count; a++)
        {
            var aggregate = plan.Aggregates[a];
            var call = aggregate.Call;
            if (aggregate.CountsPersons)
            {
                // A person counts in a group where their unit column is not NULL (a LEFT JOIN can make it NULL).
                var unit = SqlFormatter.QuoteIdentifier("$a" + arguments.IndexOf(call.Argument.ToSql()));
                inner.Add($"COUNT({unit}) AS \"c{a}\"");
                outer.Add($"SUM(CASE WHEN \"c{a}\" > 0 THEN 1 ELSE 0 END) AS \"c{a}\"");
                continue;
            }
            if (call.IsCountStar)
            {
                outer.Add($"SUM(\"$rows\") AS \"c{a}\"");
                continue;
            }
            var arg = SqlFormatter.QuoteIdentifier("$a" + arguments.IndexOf(call.Argument.ToSql()));
            inner.Add($"COUNT({arg}) AS \"c{a}\"");
            outer.Add($"SUM(\"c{a}\") AS \"c{a}\"");
            if (call.Function == AggregateFunction.Count)
            {
                continue;
            }
            inner.Add($"{CentredSum(aggregate, arg, postgres)} AS \"s{a}\"");
            outer.Add($"SUM(\"s{a}\") AS \"s{a}\"");
            if (NeedsSquares(aggregate))
            {
                var y = Centred(aggregate, arg, postgres);
                inner.Add($"{SumOfSquares(y, postgres)} AS \"q{a}\"");
                outer.Add($"SUM(\"q{a}\") AS \"q{a}\"");
            }
        }
        return (inner, outer);
    }

    /// <summary>
    /// One pass over the rows: a per-person pre-aggregation (GROUP BY person, keys) computes each
    /// person's partial totals per group, window functions over those few rows give each person's row
    /// and group counts, and the outer GROUP BY adds the partial totals per group and reports the
    /// largest row and group counts ("$n", "$g"). When nobody exceeds R rows or G groups the totals
    /// are the bounded totals (bounding keeps every row); otherwise the caller runs the ranked
    /// <see cref="AggregateSql"/>. Either way the released values are the same.
    /// </summary>
    internal static string OnePassSql(DpQueryPlan plan, bool postgres)
    {
        var k = plan.Keys.Count;
        var keys = string.Join(", ", Enumerable.Range(0, k).Select(i => SqlFormatter.QuoteIdentifier("$k" + i)));
        var (inner, outer) = PartialTotals(plan, postgres);
        // The public domains are tested on the (person, group) rows, not on every source row: the
        // window counts only a person's rows and groups inside the domains, and the caller skips the
        // groups outside them.
        var inDomain = DomainCondition(plan);
        var rows = inDomain is null ? "SUM(\"$rows\")" : $"SUM(CASE WHEN {inDomain} THEN \"$rows\" ELSE 0 END)";
        var groups = inDomain is null ? "COUNT(*)" : $"COUNT(CASE WHEN {inDomain} THEN 1 END)";
        var perGroup = inDomain is null ? "MAX(\"$rows\")" : $"MAX(CASE WHEN {inDomain} THEN \"$rows\" ELSE 0 END)";
        return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", outer)}, MAX(\"$n\") AS \"$n\", MAX(\"$g\") AS \"$g\", {perGroup} AS \"$m\" FROM (" +
            $"SELECT *, {rows} OVER (PARTITION BY \"$u\") AS \"$n\", {groups} OVER (PARTITION BY \"$u\") AS \"$g\" FROM (" +
            $"SELECT \"$u\"{(k > 0 ? ", " + keys : "")}, {string.Join(", ", inner)} FROM ({NarrowSql(plan, postgres)}) AS \"n0\" WHERE \"$u\" IS NOT NULL GROUP BY \"$u\"{(k > 0 ? ", " + keys : "")}" +
            ") AS \"p\") AS \"w\"" + (k > 0 ? $" GROUP BY {keys}" : "");
    }

    /// <summary>
    /// The pre-aggregation when every key is an attribute of the person (<see cref="DpGroupKey.IsPersonLevel"/>):
    /// GROUP BY the person alone — which SQLite streams along an index on the unit column, where
    /// GROUP BY (person, keys) needs a sort of every row — taking each key's MIN and flagging persons
    /// whose MIN and MAX differ or who have a NULL beside a value ("$mixed"). With no person mixed, each person's rows lie in the one
    /// group of those keys, so the totals per group equal <see cref="OnePassSql"/>'s and "$n" is the
    /// largest row count; a mixed person (data that contradict the metadata) sends the caller back to
    /// <see cref="OnePassSql"/>. The released values are the same on every path.
    /// </summary>
    internal static string PersonLevelSql(DpQueryPlan plan, bool postgres)
    {
        var k = plan.Keys.Count;
        var keyNames = Enumerable.Range(0, k).Select(i => SqlFormatter.QuoteIdentifier("$k" + i)).ToList();
        var (inner, outer) = PartialTotals(plan, postgres);
        // Mixed: two values of a key, or a NULL beside a value (MIN and MAX skip NULLs); only NULLs is one (dropped) group.
        var mixed = k == 0 ? "0" : $"CASE WHEN {string.Join(" AND ", keyNames.Select(key => $"(COUNT({key}) = 0 OR (MIN({key}) = MAX({key}) AND COUNT({key}) = COUNT(*)))"))} THEN 0 ELSE 1 END";
        var keys = string.Join(", ", keyNames);
        var firstKeys = string.Concat(keyNames.Select(key => $"MIN({key}) AS {key}, "));
        // The domains are tested per person, not per source row; persons outside them count for nothing.
        var inDomain = DomainCondition(plan);
        var rows = inDomain is null ? "MAX(\"$rows\")" : $"MAX(CASE WHEN {inDomain} THEN \"$rows\" ELSE 0 END)";
        return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", outer)}, {rows} AS \"$n\", MAX(\"$mixed\") AS \"$mixed\" FROM (" +
            $"SELECT \"$u\", {firstKeys}{mixed} AS \"$mixed\", {string.Join(", ", inner)} FROM ({NarrowSql(plan, postgres)}) AS \"n0\" WHERE \"$u\" IS NOT NULL GROUP BY \"$u\"" +
            ") AS \"p\"" + (k > 0 ? $" GROUP BY {keys}" : "");
    }

    /// <summary>
    /// The most rows and groups any one person has among the rows in the public domains. When neither
    /// exceeds the bounds, bounding keeps every row and a plain GROUP BY gives the same totals as the
    /// ranked query; the released values are identical either way, so the choice reveals nothing.
    /// </summary>
    internal static string BoundsSql(DpQueryPlan plan, bool postgres)
    {
        var k = plan.Keys.Count;
        var keys = string.Concat(Enumerable.Range(0, k).Select(i => ", " + SqlFormatter.QuoteIdentifier("$k" + i)));
        var domainFilter = DomainFilter(plan);
        return "SELECT MAX(\"n\") AS \"n\", MAX(\"g\") AS \"g\", MAX(\"m\") AS \"m\" FROM (" +
            "SELECT \"$u\", SUM(\"c\") AS \"n\", COUNT(*) AS \"g\", MAX(\"c\") AS \"m\" FROM (" +
            $"SELECT \"$u\"{keys}, COUNT(*) AS \"c\" FROM ({NarrowSql(plan, postgres)}) AS \"n0\" WHERE \"$u\" IS NOT NULL{domainFilter} GROUP BY \"$u\"{keys}" +
            ") AS \"t\" GROUP BY \"$u\") AS \"s\"";
    }

    private static string Literal(object value) => value switch
    {
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) is var t && (t.Contains('.') || t.Contains('E')) ? t : t + ".0",
        string text => SqlFormatter.QuoteString(text),
        bool b => b ? "TRUE" : "FALSE",
        _ => SqlFormatter.QuoteString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>Reads the database's per-group totals into the in-memory form.</summary>
    private static GroupTotals[] TotalsFromRelation(DpQueryPlan plan, Relation result)
    {
        var groupCount = (int)plan.GroupCount;
        var strides = Strides(plan);
        var domainIndex = DomainIndex(plan);
        var totals = plan.Aggregates.Select(_ => new GroupTotals(groupCount)).ToArray();
        double Number(string name, int row) => result.Columns.First(c => c.Name == name).Values[row] is { } v ? SqlValues.ToDouble(v) : 0;
        for (var r = 0; r < result.RowCount; r++)
        {
            var group = 0;
            var inDomain = true;
            for (var k = 0; k < plan.Keys.Count && inDomain; k++)
            {
                // The pre-aggregations filter the public domains after grouping: skip the other groups.
                inDomain = result.Columns[k].Values[r] is { } value && domainIndex[k].TryGetValue(value, out var position) && (group += position * strides[k]) >= 0;
            }
            if (!inDomain)
            {
                continue;
            }
            for (var a = 0; a < totals.Length; a++)
            {
                totals[a].Count[group] = Number("c" + a, r);
                if (result.Columns.Any(c => c.Name == "s" + a))
                {
                    totals[a].Sum[group] = Number("s" + a, r);
                }
                if (result.Columns.Any(c => c.Name == "q" + a))
                {
                    totals[a].Squares[group] = Number("q" + a, r);
                }
            }
        }
        return totals;
    }

    private static object? KeyValue(SqlExpression item, SelectStatement query, DpQueryPlan plan, int group, int[] strides)
    {
        var text = item.ToSql();
        for (var k = 0; k < plan.Keys.Count; k++)
        {
            var key = plan.Keys[k].Expression;
            var alias = key is ColumnReference kc ? kc.Name : null;
            var matches = key.ToSql() == text
                || (item is ColumnReference c && alias is not null && string.Equals(c.Name, alias, StringComparison.OrdinalIgnoreCase))
                || query.Items.Any(i => i.Expression.ToSql() == text && alias is not null && string.Equals(i.Alias, alias, StringComparison.OrdinalIgnoreCase));
            if (matches)
            {
                return plan.Keys[k].Domain[group / strides[k] % plan.Keys[k].Domain.Count];
            }
        }
        throw new QueryException(item.Span, $"{text} is neither a group key nor an aggregate.");
    }

    /// <summary>
    /// A quantile per group by the exponential mechanism (McSherry and Talwar 2007) over a public grid
    /// of the declared range: candidate c has utility −|#{x &lt; c} − p·n|, which one person changes by
    /// at most R (their rows), so each group's choice costs ε_a in proportion to that person's rows in
    /// it, ε_a in total. Integer columns with ranges of up to 10,001 values use every integer; others 1,001 points.
    /// </summary>
    private static (object?[] Values, double?[] HalfWidths) Quantiles(DpAggregate aggregate, GroupTotals totals, int groups, IRandomBits random)
    {
        var p = QuantileFraction(aggregate.Call);
        var (lower, upper) = (aggregate.Lower, aggregate.Upper);
        var count = QuantileCandidates(aggregate);
        var integral = aggregate.IntegerValued && count == upper - lower + 1;
        var grid = Enumerable.Range(0, count).Select(i => integral ? lower + i : lower + (upper - lower) * i / (count - 1)).ToArray();
        var perGroup = totals.Values!;
        var mechanism = new ExponentialMechanism(aggregate.Sensitivity, aggregate.Epsilon);
        var values = new object?[groups];
        var halfWidths = new double?[groups];
        var utilities = new double[count];
        var loss = mechanism.UtilityLoss(count);
        for (var g = 0; g < groups; g++)
        {
            var sorted = perGroup[g].Order().ToArray();
            var target = p * sorted.Length;
            for (var c = 0; c < count; c++)
            {
                var below = LowerBound(sorted, grid[c]);
                utilities[c] = -Math.Abs(below - target);
            }
            values[g] = grid[mechanism.Release(utilities, random)];
            // 95%: the released value's rank is within this many rows of the best candidate's (utility theorem).
            halfWidths[g] = loss;
        }
        return (values, halfWidths);
    }

    /// <summary>The fraction p of a quantile: 0.5 for MEDIAN, PERCENTILE_CONT's constant in [0, 1].</summary>
    internal static double QuantileFraction(AggregateCall call)
    {
        var p = call.Function == AggregateFunction.Median ? 0.5 : call.Percentile switch
        {
            DecimalLiteral d => (double)d.Value,
            IntegerLiteral i => i.Value,
            _ => throw new QueryException(call.Span, "PERCENTILE_CONT needs a constant fraction between 0 and 1."),
        };
        return p is < 0 or > 1 ? throw new QueryException(call.Span, "PERCENTILE_CONT's fraction must be between 0 and 1.") : p;
    }

    /// <summary>The quantile grid's size over [lower, upper]: every integer of integer ranges up to 10,001 values, else 1,001 points.</summary>
    internal static int QuantileCandidates(DpAggregate aggregate) =>
        aggregate.IntegerValued && Math.Floor(aggregate.Lower) == aggregate.Lower && Math.Floor(aggregate.Upper) == aggregate.Upper && aggregate.Upper - aggregate.Lower <= 10_000
            ? (int)(aggregate.Upper - aggregate.Lower) + 1
            : 1001;

    /// <summary>
    /// Sample variance from three noisy sums of the centred values y = x − m, m the middle of the
    /// declared range, half-width h: the count (sensitivity R), Σy (R·h) and Σy² (R·h²), ε/3 each;
    /// then (S2 − S1²/C)/(C − 1), clamped to [0, h²]. STDDEV is its square root.
    /// </summary>
    private static (object?[] Values, double?[] HalfWidths) Variances(DpAggregate aggregate, DpQueryPlan plan, GroupTotals totals, int groups, IRandomBits random)
    {
        var half = (aggregate.Upper - aggregate.Lower) / 2;
        var (counts, sums, squares) = (totals.Count, totals.Sum, totals.Squares);
        var share = aggregate.Epsilon / 3;
        var countMechanism = new LaplaceMechanism(plan.MaxContributedRows, share);
        var sumMechanism = half > 0 ? new LaplaceMechanism(plan.MaxContributedRows * half, share) : null;
        var squareMechanism = half > 0 ? new LaplaceMechanism(plan.MaxContributedRows * half * half, share) : null;
        var values = new object?[groups];
        var halfWidths = new double?[groups];
        // Each of the three noises is inside its 1 − 0.05/3 interval with probability 1 − 0.05/3, so
        // all three at once with probability ≥ 95% (union bound).
        var (hc, h1, h2) = (countMechanism.ConfidenceHalfWidth(0.05 / 3), sumMechanism?.ConfidenceHalfWidth(0.05 / 3) ?? 0, squareMechanism?.ConfidenceHalfWidth(0.05 / 3) ?? 0);
        var stddev = aggregate.Call.Function == AggregateFunction.StdDev;
        for (var g = 0; g < groups; g++)
        {
            var c = Math.Max(2, countMechanism.Release(counts[g], random));
            var s1 = sumMechanism?.Release(sums[g], random) ?? 0;
            var s2 = squareMechanism?.Release(squares[g], random) ?? 0;
            var variance = Math.Clamp((s2 - s1 * s1 / c) / (c - 1), 0, half * half);
            var (low, high) = VarianceRange(c - hc, c + hc, s1 - h1, s1 + h1, s2 - h2, s2 + h2, half * half);
            if (stddev)
            {
                var root = Math.Sqrt(variance);
                values[g] = root;
                halfWidths[g] = Math.Max(root - Math.Sqrt(low), Math.Sqrt(high) - root);
            }
            else
            {
                values[g] = variance;
                halfWidths[g] = Math.Max(variance - low, high - variance);
            }
        }
        return (values, halfWidths);
    }

    /// <summary>
    /// The range of (S2 − S1²/C)/(C − 1), clamped to [0, max], over a box of counts, sums and sums of
    /// squares: it decreases in |S1| and increases in S2; in C it rises then falls (its derivative's
    /// numerator 2a/C − a/C² − S2, a = S1², decreases for C &gt; 1), so the extremes lie at the box's
    /// corners, S1 = 0, or where S2·C² − 2a·C + a = 0. A box reaching C ≤ 1 gives the whole range.
    /// </summary>
    internal static (double Low, double High) VarianceRange(double cLow, double cHigh, double s1Low, double s1High, double s2Low, double s2High, double max)
    {
        if (cLow <= 1)
        {
            return (0, max);
        }
        var a = new List<double> { Math.Min(s1Low * s1Low, s1High * s1High), Math.Max(s1Low * s1Low, s1High * s1High) };
        if (s1Low <= 0 && s1High >= 0)
        {
            a[0] = 0;
        }
        var (low, high) = (double.PositiveInfinity, double.NegativeInfinity);
        foreach (var s2 in new[] { s2Low, s2High })
        {
            foreach (var sq in a)
            {
                var cs = new List<double> { cLow, cHigh };
                if (s2 != 0)
                {
                    var disc = sq * sq - sq * s2;
                    if (disc >= 0)
                    {
                        cs.AddRange(new[] { (sq + Math.Sqrt(disc)) / s2, (sq - Math.Sqrt(disc)) / s2 }.Where(c => c > cLow && c < cHigh));
                    }
                }
                foreach (var c in cs)
                {
                    var v = (s2 - sq / c) / (c - 1);
                    low = Math.Min(low, v);
                    high = Math.Max(high, v);
                }
            }
        }
        return (Math.Clamp(low, 0, max), Math.Clamp(high, 0, max));
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /// <summary>The centre subtracted from clamped values before summing: the middle of the range for AVG and VARIANCE, 0 for SUM.</summary>
    internal static double Center(DpAggregate aggregate) => aggregate.Call.Function is AggregateFunction.Avg or AggregateFunction.Variance or AggregateFunction.StdDev
        ? (aggregate.Lower + aggregate.Upper) / 2
        : 0;

    /// <summary>The exact totals of one aggregate per group over the kept (bounded) rows.</summary>
    private static GroupTotals Totals(DpAggregate aggregate, List<(int Row, int Group, object Unit, bool InRows)> kept, RowExpressionCompiler compiler, int groups)
    {
        var call = aggregate.Call;
        var totals = new GroupTotals(groups);
        if (call.IsCountStar)
        {
            foreach (var (_, g, _, inRows) in kept)
            {
                totals.Count[g] += inRows ? 1 : 0;
            }
            return totals;
        }
        var argument = compiler.Compile(call.Argument);
        if (call.Function == AggregateFunction.Count)
        {
            var seen = Enumerable.Range(0, groups).Select(_ => new HashSet<object>(SqlValueComparer.Instance)).ToArray();
            foreach (var (r, g, _, inRows) in kept)
            {
                // A count of persons counts every person the group bound kept (bounded by G only); other counts the rows R kept.
                if ((inRows || aggregate.CountsPersons) && argument(r) is { } v && (!call.Distinct || seen[g].Add(v)))
                {
                    totals.Count[g]++;
                }
            }
            return totals;
        }
        var quantile = call.Function is AggregateFunction.Median or AggregateFunction.PercentileCont;
        if (quantile)
        {
            totals.Values = Enumerable.Range(0, groups).Select(_ => new List<double>()).ToArray();
        }
        var center = Center(aggregate);
        foreach (var (r, g, _, inRows) in kept)
        {
            if (inRows && argument(r) is { } v && SqlValues.IsNumber(v))
            {
                // NaN counts as the upper bound, as in PostgreSQL, where it sorts above every number.
                var raw = SqlValues.ToDouble(v);
                var x = double.IsNaN(raw) ? aggregate.Upper : Math.Clamp(raw, aggregate.Lower, aggregate.Upper);
                totals.Values?[g].Add(x);
                var y = x - center;
                totals.Count[g]++;
                totals.Sum[g] += y;
                totals.Squares[g] += y * y;
            }
        }
        return totals;
    }

    private static (object?[] Values, double?[] HalfWidths) Noisy(DpAggregate aggregate, DpQueryPlan plan, GroupTotals totals, int groups, IRandomBits random)
    {
        var call = aggregate.Call;
        var values = new object?[groups];
        var halfWidths = new double?[groups];
        if (call.Function == AggregateFunction.Count)
        {
            var mechanism = new LaplaceMechanism(aggregate.Sensitivity, aggregate.Epsilon);
            for (var g = 0; g < groups; g++)
            {
                values[g] = Math.Round(mechanism.Release(totals.Count[g], random)) + 0.0; // + 0.0 turns −0 into 0
                halfWidths[g] = mechanism.ConfidenceHalfWidth();
            }
            return (values, halfWidths);
        }
        if (call.Function is AggregateFunction.Median or AggregateFunction.PercentileCont)
        {
            return Quantiles(aggregate, totals, groups, random);
        }
        if (call.Function is AggregateFunction.Variance or AggregateFunction.StdDev)
        {
            return Variances(aggregate, plan, totals, groups, random);
        }

        // SUM and AVG over values clamped to the declared bounds (AVG's centred on the middle).
        var (sums, counts) = (totals.Sum, totals.Count);
        var mid = (aggregate.Lower + aggregate.Upper) / 2;
        if (call.Function == AggregateFunction.Sum)
        {
            var mechanism = new LaplaceMechanism(aggregate.Sensitivity, aggregate.Epsilon);
            for (var g = 0; g < groups; g++)
            {
                values[g] = mechanism.Release(sums[g], random);
                halfWidths[g] = mechanism.ConfidenceHalfWidth();
            }
            return (values, halfWidths);
        }
        var sumMechanism = aggregate.Sensitivity > 0 ? new LaplaceMechanism(aggregate.Sensitivity, aggregate.Epsilon / 2) : null;
        var countMechanism = new LaplaceMechanism(plan.MaxContributedRows, aggregate.Epsilon / 2);
        for (var g = 0; g < groups; g++)
        {
            var noisySum = sumMechanism?.Release(sums[g], random) ?? 0;
            var noisyCount = Math.Max(1, countMechanism.Release(counts[g], random));
            var average = Math.Clamp(mid + noisySum / noisyCount, aggregate.Lower, aggregate.Upper);
            values[g] = average;
            // First-order propagation of both noises (an approximation, reported as such in the docs).
            halfWidths[g] = Math.Min(aggregate.Upper - aggregate.Lower,
                ((sumMechanism?.ConfidenceHalfWidth() ?? 0) + Math.Abs(average - mid) * countMechanism.ConfidenceHalfWidth()) / noisyCount);
        }
        return (values, halfWidths);
    }
}
