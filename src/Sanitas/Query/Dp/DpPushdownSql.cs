using Sanitas.Data;

namespace Sanitas.Query;

/// <summary>
/// The SQL a DP query sends to a database (SQLite or PostgreSQL, through its <see cref="SqlDialect"/>):
/// the narrow input (<see cref="Narrow"/>), and the pushdowns that bound and aggregate there —
/// per-person pre-aggregations (<see cref="PersonLevel"/>, <see cref="OnePass"/>), the largest
/// contribution (<see cref="Bounds"/>) and the ranked, hashed bounding (<see cref="Aggregate"/>).
/// Every query gives the totals the in-memory path computes from the same narrow rows; only exact
/// totals come back, noise is added in memory.
/// </summary>
internal static class DpPushdownSql
{
    /// <summary>
    /// The SQL that computes the narrow input in the database (SQLite or PostgreSQL): the row-level
    /// part of the query — FROM, joins, subqueries, WHERE, key and argument expressions — runs there,
    /// and only the unit, keys and arguments come back.
    /// </summary>
    internal static string Narrow(DpQueryPlan plan, SqlDialect dialect)
    {
        var query = plan.Query;
        var names = DpNarrowInput.Names(plan);
        // One spelling per name (the metadata's), so that PostgreSQL finds quoted names whatever case the query used.
        var spelling = plan.Names;
        var from = spelling?.Rewrite(query.From) ?? query.From;
        SqlExpression Spelled(SqlExpression e) => spelling?.Rewrite(e) ?? e;
        var expressions = new List<string> { SqlDialect.QuoteIdentifier(UnitQualifier(from)) + "." + SqlDialect.QuoteIdentifier(plan.PrivacyUnit) };
        // Text keys compare byte by byte, as in memory: a column declared with another collation
        // (SQLite's NOCASE, a PostgreSQL locale) would otherwise merge or split groups.
        expressions.AddRange(plan.Keys.Select(k => Spelled(k.Evaluated).ToSql() + (k.Domain.Any(v => v is string) ? dialect.BinaryCollation : "")));
        expressions.AddRange(DpNarrowInput.Arguments(plan).Select(a => Spelled(a).ToSql()));
        var select = string.Join(", ", expressions.Select((e, i) => $"{e} AS {SqlDialect.QuoteIdentifier(names[i])}"));
        return $"SELECT {select} FROM {from.ToSql()}" + (query.Where is null ? "" : $" WHERE {Spelled(query.Where).ToSql()}");
    }

    private static string UnitQualifier(TableSource from) => from switch
    {
        TableReference t => t.Alias ?? t.Name,
        SubquerySource s => s.Alias,
        JoinSource j => UnitQualifier(j.Left),
        _ => throw new QueryException(from.Span, "this FROM clause is not supported in DP queries."),
    };

    /// <summary>The SQL condition keeping rows whose keys lie in the public domains (empty without keys).</summary>
    private static string? DomainCondition(DpQueryPlan plan) => plan.Keys.Count == 0 ? null : DomainFilter(plan)[" AND ".Length..];

    private static string DomainFilter(DpQueryPlan plan) => string.Concat(Enumerable.Range(0, plan.Keys.Count).Select(i =>
        $" AND {SqlDialect.QuoteIdentifier("$k" + i)} IN ({string.Join(", ", plan.Keys[i].Domain.Select(Literal))})"));

    /// <summary>
    /// The SQL that bounds and aggregates in the database (no quantiles): rows outside the public key
    /// domains are dropped; with a <paramref name="salt"/>, each person keeps the same random subset as
    /// in memory (<see cref="ContributionBounding"/>): rows numbered per person by (keys, arguments),
    /// groups by keys, each given its MD5 priority; the G groups of lowest priority, in each the R_g
    /// rows of lowest priority, then R rows of those ("$keep"; COUNT(DISTINCT person) counts all the
    /// rows the group bounds kept). Without a salt nobody exceeds a bound and every row is kept. The
    /// totals per group come back (one row per group present).
    /// </summary>
    internal static string Aggregate(DpQueryPlan plan, SqlDialect dialect, string? salt)
    {
        var k = plan.Keys.Count;
        var (keyOrder, argCount, rowOrder) = Orders(plan, dialect);
        var domainFilter = DomainFilter(plan);
        var bounded = salt is not null;
        var aggregates = BoundedAggregates(plan, dialect, bounded);
        var keys = string.Join(", ", Enumerable.Range(0, k).Select(i => SqlDialect.QuoteIdentifier("$k" + i)));
        var groupBy = k > 0 ? $" GROUP BY {keys}" : "";
        var narrow = $"SELECT * FROM ({Narrow(plan, dialect)}) AS \"n0\" WHERE \"$u\" IS NOT NULL{domainFilter}";
        if (!bounded)
        {
            // Nobody exceeds the bounds (checked by Bounds): bounding keeps every row.
            return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", aggregates)} FROM ({narrow}) AS \"n1\"{groupBy}";
        }
        string Over(string partition, string order) => $"OVER (PARTITION BY {partition}{(order.Length > 0 ? " ORDER BY " + order : "")})";
        var personGroup = "\"$u\"" + (k > 0 ? ", " + keyOrder : "");
        // 1. Deterministic numbers: rows by (keys, arguments), groups by keys, per person.
        var numbered = $"SELECT *, ROW_NUMBER() {Over("\"$u\"", rowOrder)} AS \"$ri\", DENSE_RANK() {Over("\"$u\"", keyOrder)} AS \"$gi\" FROM ({narrow}) AS \"n1\"";
        // 2. Their keyed priorities (the salt never leaves the query text).
        var hashed = $"SELECT *, {ContributionBounding.PrioritySql(salt!, 'r', "\"$u\"", "\"$ri\"", dialect)} AS \"$rh\", " +
            $"{ContributionBounding.PrioritySql(salt!, 'g', "\"$u\"", "\"$gi\"", dialect)} AS \"$gh\" FROM ({numbered}) AS \"n2\"";
        // 3. The group's rank among the person's groups, the row's rank in its group.
        var ranked = $"SELECT *, DENSE_RANK() {Over("\"$u\"", "\"$gh\", \"$gi\"")} AS \"$gr\", ROW_NUMBER() {Over(personGroup, "\"$rh\", \"$ri\"")} AS \"$rg\" FROM ({hashed}) AS \"n3\"";
        // 4. G groups and R_g rows in each; then the rank among the person's remaining rows decides R.
        var perGroup = Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit);
        var grouped = $"SELECT *, ROW_NUMBER() {Over("\"$u\"", "\"$rh\", \"$ri\"")} AS \"$rn\" FROM ({ranked}) AS \"n4\" WHERE \"$gr\" <= {plan.MaxGroupsPerUnit} AND \"$rg\" <= {perGroup}";
        var rowKept = $"\"$rn\" <= {plan.MaxRowsPerUnit}";
        var kept = $"SELECT *, CASE WHEN {rowKept} THEN 1 END AS \"$keep\"" +
            string.Concat(Enumerable.Range(0, argCount).Select(i => $", CASE WHEN {rowKept} THEN {SqlDialect.QuoteIdentifier("$a" + i)} END AS {SqlDialect.QuoteIdentifier("$b" + i)}")) +
            $" FROM ({grouped}) AS \"n5\"";
        return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", aggregates)} FROM ({kept}) AS \"n6\"{groupBy}";
    }

    /// <summary>
    /// Whether the ranked bounding reduces to the row bound alone, given the largest contribution among
    /// the rows in the public domains: nobody has more than G groups (so every group is kept) and the
    /// per-group bound cuts nothing that matters — no group exceeds R_g, or R_g ≥ R and no aggregate
    /// counts persons (the R rows of lowest priority are then among the R_g of lowest priority in their
    /// group, and only COUNT(DISTINCT person) reads the rows R_g keeps but R does not). The released
    /// values are then exactly those of <see cref="Aggregate"/>; <see cref="AggregateRowsOnly"/> gives them
    /// with one sort fewer and without hashing groups or persons within R.
    /// </summary>
    internal static bool RowBoundOnly(DpQueryPlan plan, double largestGroups, double largestPerGroup)
    {
        var perGroup = Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit);
        return largestGroups <= plan.MaxGroupsPerUnit
            && (largestPerGroup <= perGroup || (perGroup == plan.MaxRowsPerUnit && !plan.Aggregates.Any(a => a.CountsPersons)));
    }

    /// <summary>
    /// The ranked bounding of <see cref="Aggregate"/> when only the row bound R applies (<see cref="RowBoundOnly"/>):
    /// rows numbered per person by (keys, arguments) together with the person's row count n in one sort;
    /// a person with n ≤ R keeps every row unhashed; a person over R keeps the rows whose numbers are the
    /// R of lowest priority MD5(salt | r | person | number), ties by number
    /// (<see cref="ContributionBounding.KeptNumbers"/>). SQLite asks the function
    /// <see cref="ContributionBounding.RegisterKeptFunction"/> registers (the salt stays in .NET);
    /// PostgreSQL ranks such a person's rows by <c>md5</c> (one more sort, within each person). The same rows as <see cref="Aggregate"/> are kept, so the totals are equal.
    /// </summary>
    internal static string AggregateRowsOnly(DpQueryPlan plan, SqlDialect dialect, string salt)
    {
        var k = plan.Keys.Count;
        var (_, argCount, rowOrder) = Orders(plan, dialect);
        var narrow = $"SELECT * FROM ({Narrow(plan, dialect)}) AS \"n0\" WHERE \"$u\" IS NOT NULL{DomainFilter(plan)}";
        var order = rowOrder.Length > 0 ? " ORDER BY " + rowOrder : "";
        var maxRows = plan.MaxRowsPerUnit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string flagged;
        if (dialect.IsPostgreSql)
        {
            // One sort numbers the rows and counts them (the count's window is a prefix of the number's);
            // a person over R then ranks their own rows by priority (PostgreSQL sorts each person's rows
            // apart, the rows already being in person order) and keeps R. Within R, nothing is hashed.
            var numbered = $"SELECT *, ROW_NUMBER() OVER (PARTITION BY \"$u\"{order}) AS \"$ri\", COUNT(*) OVER (PARTITION BY \"$u\") AS \"$n\" FROM ({narrow}) AS \"n1\"";
            var priority = $"CASE WHEN \"$n\" > {maxRows} THEN {ContributionBounding.PrioritySql(salt, 'r', "\"$u\"", "\"$ri\"", dialect)} END";
            flagged = $"SELECT *, (\"$n\" <= {maxRows} OR ROW_NUMBER() OVER (PARTITION BY \"$u\" ORDER BY {priority}, \"$ri\") <= {maxRows}) AS \"$kept\" FROM ({numbered}) AS \"n2\"";
        }
        else
        {
            // The same frame as the number's, so that SQLite computes both in one sort.
            var numbered = $"SELECT *, ROW_NUMBER() OVER (PARTITION BY \"$u\"{order}) AS \"$ri\", " +
                $"COUNT(*) OVER (PARTITION BY \"$u\"{order} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS \"$n\" FROM ({narrow}) AS \"n1\"";
            // LIMIT -1 (no limit) keeps SQLite from copying the call into every use of "$kept" in the aggregate above.
            flagged = $"SELECT *, CASE WHEN \"$n\" <= {maxRows} THEN 1 ELSE {ContributionBounding.SqliteKeptFunction}(CAST(\"$u\" AS TEXT), \"$n\", \"$ri\") END AS \"$kept\" FROM ({numbered}) AS \"n2\" LIMIT -1";
        }
        var keep = dialect.IsPostgreSql ? "\"$kept\"" : "\"$kept\" = 1";
        var kept = $"SELECT *, CASE WHEN {keep} THEN 1 END AS \"$keep\"" +
            string.Concat(Enumerable.Range(0, argCount).Select(i => $", CASE WHEN {keep} THEN {SqlDialect.QuoteIdentifier("$a" + i)} END AS {SqlDialect.QuoteIdentifier("$b" + i)}")) +
            $" FROM ({flagged}) AS \"n5\"";
        var keys = string.Join(", ", Enumerable.Range(0, k).Select(i => SqlDialect.QuoteIdentifier("$k" + i)));
        return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", BoundedAggregates(plan, dialect))} FROM ({kept}) AS \"n6\"{(k > 0 ? $" GROUP BY {keys}" : "")}";
    }

    /// <summary>
    /// The orders the ranked bounding numbers by: the keys (text under the dialect's ordering collation), then the
    /// arguments (NULLS FIRST), so that every engine numbers a person's rows alike; and the number of arguments.
    /// </summary>
    private static (string KeyOrder, int ArgCount, string RowOrder) Orders(DpQueryPlan plan, SqlDialect dialect)
    {
        string Key(int i) => SqlDialect.QuoteIdentifier("$k" + i) + (plan.Keys[i].Domain.Any(v => v is string) ? dialect.OrderingCollation : "");
        var keyOrder = string.Join(", ", Enumerable.Range(0, plan.Keys.Count).Select(Key));
        var argCount = DpNarrowInput.Arguments(plan).Count;
        var argOrder = string.Join(", ", Enumerable.Range(0, argCount).Select(a => SqlDialect.QuoteIdentifier("$a" + a) + " ASC NULLS FIRST"));
        return (keyOrder, argCount, string.Join(", ", new[] { keyOrder, argOrder }.Where(x => x.Length > 0)));
    }

    /// <summary>
    /// The aggregates over the bounded rows: with <paramref name="bounded"/>, row aggregates read "$b…"
    /// (the argument where R kept the row, else NULL) and COUNT(*) counts "$keep"; counts of persons read "$a…".
    /// </summary>
    private static List<string> BoundedAggregates(DpQueryPlan plan, SqlDialect dialect, bool bounded = true)
    {
        var arguments = DpNarrowInput.Arguments(plan).Select(a => a.ToSql()).ToList();
        string RowArgument(int index) => SqlDialect.QuoteIdentifier((bounded ? "$b" : "$a") + index);
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
            var arg = aggregate.CountsPersons ? SqlDialect.QuoteIdentifier("$a" + index) : RowArgument(index);
            if (call.Function == AggregateFunction.Count)
            {
                aggregates.Add($"COUNT({(call.Distinct ? "DISTINCT " : "")}{arg}) AS \"c{a}\"");
                continue;
            }
            var y = Centred(aggregate, arg, dialect);
            aggregates.Add($"COUNT({arg}) AS \"c{a}\", {CentredSum(aggregate, arg, dialect)} AS \"s{a}\"" + (NeedsSquares(aggregate) ? $", {SumOfSquares(y, dialect)} AS \"q{a}\"" : ""));
        }
        return aggregates;
    }

    /// <summary>Whether every aggregate decomposes over per-person partial totals (COUNT(DISTINCT x) only when x is the person).</summary>
    internal static bool CanPreAggregate(DpQueryPlan plan) => plan.Aggregates.All(a =>
        a.Call.Function is not (AggregateFunction.Median or AggregateFunction.PercentileCont) && (!a.Call.Distinct || a.CountsPersons));

    /// <summary>The clamped, centred argument y = clamp(x, L, U) − m of a SUM, AVG or VARIANCE (NULL for NULL x).</summary>
    private static string Centred(DpAggregate aggregate, string arg, SqlDialect dialect)
    {
        var (lower, upper) = (Literal(aggregate.Lower), Literal(aggregate.Upper));
        return $"({dialect.Clamp(arg, lower, upper)} - {Literal(NoisyAggregation.Center(aggregate))})";
    }

    /// <summary>
    /// Σ (clamp(x, L, U) − m) over the non-NULL x, as Σ min(x, U) over x ≥ L plus L times the count
    /// below L, minus m·count: one comparison and a MIN per row instead of a full clamp expression.
    /// No term can cancel another (each summand lies in [L, U]): an extreme or infinite value counts
    /// as L or U, exactly as clamping it would (and PostgreSQL's NaN, which sorts above every
    /// number, as U, like the in-memory engine).
    /// </summary>
    private static string CentredSum(DpAggregate aggregate, string arg, SqlDialect dialect)
    {
        // Floating-point sums (0 over no rows, never an integer overflow); the bounds as reals where the dialect sums reals only.
        var (l, u, m) = (dialect.SumOperand(Literal(aggregate.Lower)), dialect.SumOperand(Literal(aggregate.Upper)), dialect.SumOperand(Literal(NoisyAggregation.Center(aggregate))));
        return $"({dialect.FloatSumWhere(dialect.Least(dialect.SumOperand(arg), u), $"{arg} >= {l}")} + {l} * COUNT({arg}) FILTER (WHERE {arg} < {l}) - {m} * COUNT({arg}))";
    }

    /// <summary>
    /// Σ y² in floating point on both databases: an integer sum of squares would overflow (an error in
    /// SQLite's SUM and in PostgreSQL's bigint product) for some row counts only, after the charge.
    /// </summary>
    private static string SumOfSquares(string y, SqlDialect dialect) => dialect.FloatSum($"{dialect.CastToReal(y)} * {dialect.CastToReal(y)}");

    /// <summary>Whether an aggregate needs the sum of squares (VARIANCE and STDDEV; AVG and SUM do not).</summary>
    private static bool NeedsSquares(DpAggregate aggregate) => aggregate.Call.Function is AggregateFunction.Variance or AggregateFunction.StdDev;

    /// <summary>
    /// The partial totals of a pre-aggregation: per (person, group) row, its row count ("$rows") and
    /// per aggregate its count, sum and, for VARIANCE, sum of squares of the clamped centred values;
    /// and how the outer query adds them per group (a count of persons counts those rows).
    /// </summary>
    private static (List<string> Inner, List<string> Outer) PartialTotals(DpQueryPlan plan, SqlDialect dialect)
    {
        var arguments = DpNarrowInput.Arguments(plan).Select(a => a.ToSql()).ToList();
        var inner = new List<string> { "COUNT(*) AS \"$rows\"" };
        var outer = new List<string>();
        for (var a = 0; a < plan.Aggregates.Count; a++)
        {
            var aggregate = plan.Aggregates[a];
            var call = aggregate.Call;
            if (aggregate.CountsPersons)
            {
                // A person counts in a group where their unit column is not NULL (a LEFT JOIN can make it NULL).
                var unit = SqlDialect.QuoteIdentifier("$a" + arguments.IndexOf(call.Argument.ToSql()));
                inner.Add($"COUNT({unit}) AS \"c{a}\"");
                outer.Add($"SUM(CASE WHEN \"c{a}\" > 0 THEN 1 ELSE 0 END) AS \"c{a}\"");
                continue;
            }
            if (call.IsCountStar)
            {
                outer.Add($"SUM(\"$rows\") AS \"c{a}\"");
                continue;
            }
            var arg = SqlDialect.QuoteIdentifier("$a" + arguments.IndexOf(call.Argument.ToSql()));
            inner.Add($"COUNT({arg}) AS \"c{a}\"");
            outer.Add($"SUM(\"c{a}\") AS \"c{a}\"");
            if (call.Function == AggregateFunction.Count)
            {
                continue;
            }
            inner.Add($"{CentredSum(aggregate, arg, dialect)} AS \"s{a}\"");
            outer.Add($"SUM(\"s{a}\") AS \"s{a}\"");
            if (NeedsSquares(aggregate))
            {
                var y = Centred(aggregate, arg, dialect);
                inner.Add($"{SumOfSquares(y, dialect)} AS \"q{a}\"");
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
    /// <see cref="Aggregate"/>. Either way the released values are the same.
    /// </summary>
    internal static string OnePass(DpQueryPlan plan, SqlDialect dialect)
    {
        var k = plan.Keys.Count;
        var keys = string.Join(", ", Enumerable.Range(0, k).Select(i => SqlDialect.QuoteIdentifier("$k" + i)));
        var (inner, outer) = PartialTotals(plan, dialect);
        // The public domains are tested on the (person, group) rows, not on every source row: the
        // window counts only a person's rows and groups inside the domains, and the caller skips the
        // groups outside them.
        var inDomain = DomainCondition(plan);
        var rows = inDomain is null ? "SUM(\"$rows\")" : $"SUM(CASE WHEN {inDomain} THEN \"$rows\" ELSE 0 END)";
        var groups = inDomain is null ? "COUNT(*)" : $"COUNT(CASE WHEN {inDomain} THEN 1 END)";
        var perGroup = inDomain is null ? "MAX(\"$rows\")" : $"MAX(CASE WHEN {inDomain} THEN \"$rows\" ELSE 0 END)";
        return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", outer)}, MAX(\"$n\") AS \"$n\", MAX(\"$g\") AS \"$g\", {perGroup} AS \"$m\" FROM (" +
            $"SELECT *, {rows} OVER (PARTITION BY \"$u\") AS \"$n\", {groups} OVER (PARTITION BY \"$u\") AS \"$g\" FROM (" +
            $"SELECT \"$u\"{(k > 0 ? ", " + keys : "")}, {string.Join(", ", inner)} FROM ({Narrow(plan, dialect)}) AS \"n0\" WHERE \"$u\" IS NOT NULL GROUP BY \"$u\"{(k > 0 ? ", " + keys : "")}" +
            ") AS \"p\") AS \"w\"" + (k > 0 ? $" GROUP BY {keys}" : "");
    }

    /// <summary>
    /// The pre-aggregation when every key is an attribute of the person (<see cref="DpGroupKey.IsPersonLevel"/>):
    /// GROUP BY the person alone — which SQLite streams along an index on the unit column, where
    /// GROUP BY (person, keys) needs a sort of every row — taking each key's MIN and flagging persons
    /// whose MIN and MAX differ or who have a NULL beside a value ("$mixed"). With no person mixed, each person's rows lie in the one
    /// group of those keys, so the totals per group equal <see cref="OnePass"/>'s and "$n" is the
    /// largest row count; a mixed person (data that contradict the metadata) sends the caller back to
    /// <see cref="OnePass"/>. The released values are the same on every path.
    /// </summary>
    internal static string PersonLevel(DpQueryPlan plan, SqlDialect dialect)
    {
        var k = plan.Keys.Count;
        var keyNames = Enumerable.Range(0, k).Select(i => SqlDialect.QuoteIdentifier("$k" + i)).ToList();
        var (inner, outer) = PartialTotals(plan, dialect);
        // Mixed: two values of a key, or a NULL beside a value (MIN and MAX skip NULLs); only NULLs is one (dropped) group.
        var mixed = k == 0 ? "0" : $"CASE WHEN {string.Join(" AND ", keyNames.Select(key => $"(COUNT({key}) = 0 OR (MIN({key}) = MAX({key}) AND COUNT({key}) = COUNT(*)))"))} THEN 0 ELSE 1 END";
        var keys = string.Join(", ", keyNames);
        var firstKeys = string.Concat(keyNames.Select(key => $"MIN({key}) AS {key}, "));
        // The domains are tested per person, not per source row; persons outside them count for nothing.
        var inDomain = DomainCondition(plan);
        var rows = inDomain is null ? "MAX(\"$rows\")" : $"MAX(CASE WHEN {inDomain} THEN \"$rows\" ELSE 0 END)";
        return $"SELECT {(k > 0 ? keys + ", " : "")}{string.Join(", ", outer)}, {rows} AS \"$n\", MAX(\"$mixed\") AS \"$mixed\" FROM (" +
            $"SELECT \"$u\", {firstKeys}{mixed} AS \"$mixed\", {string.Join(", ", inner)} FROM ({Narrow(plan, dialect)}) AS \"n0\" WHERE \"$u\" IS NOT NULL GROUP BY \"$u\"" +
            ") AS \"p\"" + (k > 0 ? $" GROUP BY {keys}" : "");
    }

    /// <summary>
    /// The most rows and groups any one person has among the rows in the public domains. When neither
    /// exceeds the bounds, bounding keeps every row and a plain GROUP BY gives the same totals as the
    /// ranked query; the released values are identical either way, so the choice reveals nothing.
    /// </summary>
    internal static string Bounds(DpQueryPlan plan, SqlDialect dialect)
    {
        var k = plan.Keys.Count;
        var keys = string.Concat(Enumerable.Range(0, k).Select(i => ", " + SqlDialect.QuoteIdentifier("$k" + i)));
        var domainFilter = DomainFilter(plan);
        return "SELECT MAX(\"n\") AS \"n\", MAX(\"g\") AS \"g\", MAX(\"m\") AS \"m\" FROM (" +
            "SELECT \"$u\", SUM(\"c\") AS \"n\", COUNT(*) AS \"g\", MAX(\"c\") AS \"m\" FROM (" +
            $"SELECT \"$u\"{keys}, COUNT(*) AS \"c\" FROM ({Narrow(plan, dialect)}) AS \"n0\" WHERE \"$u\" IS NOT NULL{domainFilter} GROUP BY \"$u\"{keys}" +
            ") AS \"t\" GROUP BY \"$u\") AS \"s\"";
    }

    private static string Literal(object value) => value switch
    {
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => SqlDialect.NumberLiteral(d),
        string text => SqlDialect.QuoteString(text),
        bool b => b ? "TRUE" : "FALSE",
        _ => SqlDialect.QuoteString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };
}
