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
        ExecuteAsync(sql, epsilon, metadata, (_, _) => Task.FromResult(tables), ledger, analyst, dataset, random, cancellationToken);

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
    public static async Task<DpQueryResult> ExecuteAsync(string sql, double epsilon, DatabaseMetadata metadata,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, Table>>> loadTables,
        BudgetLedger ledger, string analyst, string dataset, IRandomBits? random = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(loadTables);
        var plan = Plan(sql, epsilon, metadata);
        var entry = await ledger.ChargeAsync(analyst, dataset, plan.Epsilon, 0, sql, cancellationToken).ConfigureAwait(false);
        var tables = await loadTables(TableNames(plan.Query.From), CancellationToken.None).ConfigureAwait(false);
        var (columns, rows, intervals) = Release(plan, tables, random ?? SecureRandom.Instance);
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
            plan);
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
        var query = plan.Query;
        var lookup = new Dictionary<string, Table>(tables, StringComparer.OrdinalIgnoreCase);
        var source = InMemoryEngine.Source(query.From, lookup, CancellationToken.None);
        var rows = InMemoryEngine.Filter(source, query.Where);
        var compiler = new RowExpressionCompiler(source);
        var unitColumn = source.Columns.FirstOrDefault(c => string.Equals(c.Name, plan.PrivacyUnit, StringComparison.OrdinalIgnoreCase))
            ?? throw new QueryException(query.From.Span, $"the privacy unit column '{plan.PrivacyUnit}' is not available in FROM.");
        var keyGetters = plan.Keys.Select(k => compiler.Compile(ResolveAlias(k.Expression, query, source))).ToList();

        // Index of every group in the public domain (row-major over the keys).
        var domainIndex = plan.Keys.Select(k => k.Domain.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, SqlValueComparer.Instance)).ToList();
        var groupCount = (int)plan.GroupCount;
        var strides = new int[plan.Keys.Count];
        for (int k = plan.Keys.Count - 1, stride = 1; k >= 0; k--)
        {
            strides[k] = stride;
            stride *= plan.Keys[k].Domain.Count;
        }

        // Contribution bounding: per person the first R rows (table order), in at most G groups.
        var rowsOf = new Dictionary<object, int>(SqlValueComparer.Instance);
        var groupsOf = new Dictionary<object, HashSet<int>>(SqlValueComparer.Instance);
        var kept = new List<(int Row, int Group, object Unit)>();
        foreach (var r in rows)
        {
            if (unitColumn.Values[r] is not { } unitValue)
            {
                continue;
            }
            var group = 0;
            var inDomain = true;
            for (var k = 0; k < keyGetters.Count && inDomain; k++)
            {
                inDomain = keyGetters[k](r) is { } v && domainIndex[k].TryGetValue(v, out var position) && (group += position * strides[k]) >= 0;
            }
            if (!inDomain)
            {
                continue;
            }
            var unit = unitValue;
            var count = rowsOf.GetValueOrDefault(unit);
            if (count >= plan.MaxRowsPerUnit)
            {
                continue;
            }
            var groups = groupsOf.TryGetValue(unit, out var set) ? set : groupsOf[unit] = [];
            if (!groups.Contains(group))
            {
                if (groups.Count >= plan.MaxGroupsPerUnit)
                {
                    continue;
                }
                groups.Add(group);
            }
            rowsOf[unit] = count + 1;
            kept.Add((r, group, unit));
        }

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
        foreach (var aggregate in plan.Aggregates)
        {
            var items = Enumerable.Range(0, query.Items.Count).Where(i => query.Items[i].Expression.ToSql() == aggregate.Call.ToSql()).ToList();
            var (values, halfWidths) = Noisy(aggregate, plan, kept, compiler, groupCount, random);
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

    private static SqlExpression ResolveAlias(SqlExpression key, SelectStatement query, Relation source) =>
        key is ColumnReference { Qualifier: null } c
        && !source.Columns.Any(col => string.Equals(col.Name, c.Name, StringComparison.OrdinalIgnoreCase))
        && query.Items.FirstOrDefault(i => string.Equals(i.Alias, c.Name, StringComparison.OrdinalIgnoreCase)) is { } item
            ? item.Expression
            : key;

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
    /// it, ε_a in total. Integer ranges of up to 10,001 values use every integer; others 1,001 points.
    /// </summary>
    private static (object?[] Values, double?[] HalfWidths) Quantiles(DpAggregate aggregate, List<(int Row, int Group, object Unit)> kept,
        RowExpressionCompiler compiler, int groups, IRandomBits random)
    {
        var call = aggregate.Call;
        var p = call.Function == AggregateFunction.Median ? 0.5 : call.Percentile switch
        {
            DecimalLiteral d => (double)d.Value,
            IntegerLiteral i => i.Value,
            _ => throw new QueryException(call.Span, "PERCENTILE_CONT needs a constant fraction between 0 and 1."),
        };
        if (p is < 0 or > 1)
        {
            throw new QueryException(call.Span, "PERCENTILE_CONT's fraction must be between 0 and 1.");
        }
        var (lower, upper) = (aggregate.Lower, aggregate.Upper);
        var integral = Math.Floor(lower) == lower && Math.Floor(upper) == upper && upper - lower <= 10_000;
        var count = integral ? (int)(upper - lower) + 1 : 1001;
        var grid = Enumerable.Range(0, count).Select(i => integral ? lower + i : lower + (upper - lower) * i / (count - 1)).ToArray();
        var argument = compiler.Compile(call.Argument);
        var perGroup = Enumerable.Range(0, groups).Select(_ => new List<double>()).ToArray();
        foreach (var (r, g, _) in kept)
        {
            if (argument(r) is { } v && SqlValues.IsNumber(v))
            {
                perGroup[g].Add(Math.Clamp(SqlValues.ToDouble(v), lower, upper));
            }
        }
        var mechanism = new ExponentialMechanism(aggregate.Sensitivity, aggregate.Epsilon);
        var values = new object?[groups];
        var halfWidths = new double?[groups];
        var utilities = new double[count];
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
        }
        return (values, halfWidths);
    }

    /// <summary>
    /// Sample variance from three noisy sums of the centred values y = x − m, m the middle of the
    /// declared range, half-width h: the count (sensitivity R), Σy (R·h) and Σy² (R·h²), ε/3 each;
    /// then (S2 − S1²/C)/(C − 1), clamped to [0, h²]. STDDEV is its square root.
    /// </summary>
    private static (object?[] Values, double?[] HalfWidths) Variances(DpAggregate aggregate, DpQueryPlan plan, List<(int Row, int Group, object Unit)> kept,
        RowExpressionCompiler compiler, int groups, IRandomBits random)
    {
        var (lower, upper) = (aggregate.Lower, aggregate.Upper);
        var mid = (lower + upper) / 2;
        var half = (upper - lower) / 2;
        var argument = compiler.Compile(aggregate.Call.Argument);
        var counts = new double[groups];
        var sums = new double[groups];
        var squares = new double[groups];
        foreach (var (r, g, _) in kept)
        {
            if (argument(r) is { } v && SqlValues.IsNumber(v))
            {
                var y = Math.Clamp(SqlValues.ToDouble(v), lower, upper) - mid;
                counts[g]++;
                sums[g] += y;
                squares[g] += y * y;
            }
        }
        var share = aggregate.Epsilon / 3;
        var countMechanism = new LaplaceMechanism(plan.MaxRowsPerUnit, share);
        var sumMechanism = half > 0 ? new LaplaceMechanism(plan.MaxRowsPerUnit * half, share) : null;
        var squareMechanism = half > 0 ? new LaplaceMechanism(plan.MaxRowsPerUnit * half * half, share) : null;
        var values = new object?[groups];
        for (var g = 0; g < groups; g++)
        {
            var c = Math.Max(2, countMechanism.Release(counts[g], random));
            var s1 = sumMechanism?.Release(sums[g], random) ?? 0;
            var s2 = squareMechanism?.Release(squares[g], random) ?? 0;
            var variance = Math.Clamp((s2 - s1 * s1 / c) / (c - 1), 0, half * half);
            values[g] = aggregate.Call.Function == AggregateFunction.StdDev ? Math.Sqrt(variance) : variance;
        }
        return (values, new double?[groups]);
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

    private static (object?[] Values, double?[] HalfWidths) Noisy(DpAggregate aggregate, DpQueryPlan plan, List<(int Row, int Group, object Unit)> kept,
        RowExpressionCompiler compiler, int groups, IRandomBits random)
    {
        var call = aggregate.Call;
        var values = new object?[groups];
        var halfWidths = new double?[groups];
        if (call.Function == AggregateFunction.Count)
        {
            var exact = new double[groups];
            if (call.IsCountStar)
            {
                foreach (var (_, g, _) in kept)
                {
                    exact[g]++;
                }
            }
            else
            {
                var argument = compiler.Compile(call.Argument);
                var seen = Enumerable.Range(0, groups).Select(_ => new HashSet<object>(SqlValueComparer.Instance)).ToArray();
                foreach (var (r, g, _) in kept)
                {
                    if (argument(r) is { } v && (!call.Distinct || seen[g].Add(v)))
                    {
                        exact[g]++;
                    }
                }
            }
            var mechanism = new LaplaceMechanism(aggregate.Sensitivity, aggregate.Epsilon);
            for (var g = 0; g < groups; g++)
            {
                values[g] = Math.Round(mechanism.Release(exact[g], random)) + 0.0; // + 0.0 turns −0 into 0
                halfWidths[g] = mechanism.ConfidenceHalfWidth();
            }
            return (values, halfWidths);
        }

        if (call.Function is AggregateFunction.Median or AggregateFunction.PercentileCont)
        {
            return Quantiles(aggregate, kept, compiler, groups, random);
        }

        if (call.Function is AggregateFunction.Variance or AggregateFunction.StdDev)
        {
            return Variances(aggregate, plan, kept, compiler, groups, random);
        }

        // SUM and AVG over values clamped to the declared bounds.
        var compiled = compiler.Compile(call.Argument);
        var sums = new double[groups];
        var counts = new double[groups];
        var mid = (aggregate.Lower + aggregate.Upper) / 2;
        var center = call.Function == AggregateFunction.Avg ? mid : 0;
        foreach (var (r, g, _) in kept)
        {
            if (compiled(r) is { } v && SqlValues.IsNumber(v))
            {
                sums[g] += Math.Clamp(SqlValues.ToDouble(v), aggregate.Lower, aggregate.Upper) - center;
                counts[g]++;
            }
        }
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
        var countMechanism = new LaplaceMechanism(plan.MaxRowsPerUnit, aggregate.Epsilon / 2);
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
