using System.Globalization;

namespace Sanitas.Query;

/// <summary>
/// Plans a DP query from the SQL and the declared metadata only (never from the data): finds the
/// privacy unit and its contribution bounds, the public domain of every group key, and the
/// clamping bounds and sensitivity of every aggregate, and splits ε over the noisy values.
/// </summary>
/// <remarks>
/// Sensitivities are L1 over all groups at once: after bounding, one person contributes at most
/// R rows (<see cref="TableMetadata.MaxRowsPerUnit"/>) to at most G groups. A count changes by at
/// most R in total, a sum of values clamped to [L, U] by R·max(|L|, |U|), a count of distinct
/// persons by min(R, G, number of groups). AVG is released as m + S/C with S the noisy sum of (x − m), m = (L + U)/2,
/// and C the noisy count (Li, Lyu, Su and Yang 2016, "Differential privacy: from theory to practice", §2.5).
/// Quantiles use the exponential mechanism over a public grid of the declared range with utility
/// −|#{x &lt; c} − p·n| (sensitivity R), as in Smith 2011 / diffprivlib's quantile.
/// </remarks>
internal static class DpQueryPlanner
{
    private const int MaxDomain = 100_000;

    /// <summary>The largest declared bound magnitude an aggregate accepts: 1e15 (squares stay far below a double's range).</summary>
    private const double MaxBound = 1e15;

    private sealed record ScopeColumn(string? Qualifier, string Name, SqlExpression Definition);

    private sealed record Source(List<ScopeColumn> Columns, string Unit, int MaxRows, int MaxGroups, List<(string Table, TableMetadata Metadata)> Tables)
    {
        /// <summary>R_g: the most rows per person in one group (R when the metadata declares no per-group bound).</summary>
        public int MaxRowsPerGroup { get; init; } = MaxRows;
    }

    public static DpQueryPlan Plan(SelectStatement query, double epsilon, DatabaseMetadata metadata, double delta = 0)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            throw new QueryException($"ε must be a positive number, got {epsilon.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (!double.IsFinite(delta) || delta < 0 || delta >= 1)
        {
            throw new QueryException($"δ must be in [0, 1), got {delta.ToString(CultureInfo.InvariantCulture)}.");
        }
        // The closed expression language first: every expression total on every engine, or refused here.
        query = DpExpressionLanguage.Totalize(query, metadata, out var argumentFacts);
        var baseColumns = new Dictionary<string, ColumnMetadata>(StringComparer.OrdinalIgnoreCase);
        var source = Resolve(query.From, metadata, baseColumns);
        // Types against the metadata, before any charge (the subqueries and joins were checked in Resolve).
        var types = Types(source.Columns, baseColumns);
        foreach (var e in query.Items.Select(i => i.Expression).Where(e => e is not StarExpression).Concat(query.GroupBy).Append(query.Where))
        {
            if (e is not null)
            {
                DpTypeChecker.Check(e, types);
            }
        }
        if (query.Having is not null)
        {
            // HAVING filters the released (noisy) rows: post-processing, so it may only use what is released.
            var released = query.Items.Select(i => i.Expression.ToSql()).ToHashSet();
            foreach (var aggregate in SqlRewriter.Aggregates(query.Having))
            {
                if (!released.Contains(aggregate.ToSql()))
                {
                    throw new QueryException(aggregate.Span, $"HAVING filters the released noisy rows, so {aggregate.ToSql()} must also be in the select list.");
                }
            }
        }
        var aggregates = query.Items.SelectMany(i => SqlRewriter.Aggregates(i.Expression)).GroupBy(a => a.ToSql()).Select(g => g.First()).ToList();
        if (aggregates.Count == 0)
        {
            throw new QueryException(query.Span, "a DP query must aggregate (COUNT, SUM, AVG, ...): individual rows are never released.");
        }
        if (query.Distinct)
        {
            throw new QueryException(query.Span, "SELECT DISTINCT is not supported in DP queries.");
        }

        var keys = query.GroupBy.Select(g => Key(g, query, source, baseColumns)).ToList();
        var privateKeys = keys.Where(k => k.IsPrivate).ToList();
        if (privateKeys.Count > 1)
        {
            throw new QueryException(privateKeys[1].Expression.Span, $"at most one private group key per query ({privateKeys[0].Expression.ToSql()} is already private); declare public values for the others.");
        }
        if (privateKeys.Count == 1 && delta <= 0)
        {
            throw new QueryException(privateKeys[0].Expression.Span, $"the group key {privateKeys[0].Expression.ToSql()} is private (no public values): its groups are chosen by DP partition selection, which needs δ > 0 (sanitas query --delta, e.g. 1e-6).");
        }
        var groups = keys.Aggregate(1L, (n, k) => n * Math.Max(1, k.Domain.Count));
        if (groups > MaxDomain)
        {
            throw new QueryException(query.GroupBy[0].Span, $"the group keys have {groups:N0} combinations together; at most {MaxDomain:N0} can be released.");
        }

        foreach (var item in query.Items)
        {
            var text = item.Expression.ToSql();
            var isKey = query.GroupBy.Any(g => g.ToSql() == text)
                || keys.Any(k => k.Expression.ToSql() == text)
                || (item.Expression is ColumnReference c && query.GroupBy.Any(g => g is ColumnReference gc && string.Equals(gc.Name, c.Name, StringComparison.OrdinalIgnoreCase)));
            if (!isKey && item.Expression is not AggregateCall)
            {
                throw new QueryException(item.Expression.Span, $"{text}: a DP query may select only its group keys and aggregates (compute further arithmetic on the released values).");
            }
        }

        // Partition selection takes one share of ε, like one noisy count.
        var selection = privateKeys.Count;
        var shares = aggregates.Sum(Shares) + selection;
        // With a private key the number of groups is not known in advance: no min with it.
        var sensitivityGroups = selection > 0 ? long.MaxValue : groups;
        // Rows one person contributes over all groups: R, or fewer with a per-group bound (at most
        // min(G, groups) groups of at most R_g rows each).
        var contributed = (int)Math.Min(source.MaxRows, Math.Min(Math.Min(source.MaxGroups, Math.Max(1, sensitivityGroups)), source.MaxRows) * (long)source.MaxRowsPerGroup);
        var planned = aggregates.Select(a => Aggregate(a, source, baseColumns, argumentFacts, sensitivityGroups, contributed, epsilon * Shares(a) / shares)).ToList();
        return new DpQueryPlan(query, source.Unit, source.MaxRows, source.MaxGroups, keys, planned, epsilon)
        {
            MaxRowsPerGroup = Math.Min(source.MaxRowsPerGroup, source.MaxRows),
            Delta = selection > 0 ? delta : 0,
            SelectionEpsilon = epsilon * selection / shares,
            Names = new DatabaseNames(metadata, query),
        };
    }

    /// <summary>How many noisy values an aggregate releases: AVG a sum and a count, VARIANCE and STDDEV also a sum of squares.</summary>
    internal static int Shares(AggregateCall a) => a.Function switch
    {
        AggregateFunction.Avg => 2,
        AggregateFunction.Variance or AggregateFunction.StdDev => 3,
        _ => 1,
    };

    private static Source Resolve(TableSource from, DatabaseMetadata metadata, Dictionary<string, ColumnMetadata> baseColumns)
    {
        switch (from)
        {
            case TableReference t:
                {
                    var table = metadata.Table(t.Name)
                        ?? throw new QueryException(t.Span, $"the table '{t.Name}' has no DP metadata; declared tables: {string.Join(", ", metadata.Tables.Keys)}.");
                    var id = $"$t{baseColumns.Count}_{table.Name}";
                    var columns = new List<ScopeColumn>();
                    foreach (var column in table.Columns.Values)
                    {
                        baseColumns[$"{id}.{column.Name}"] = column;
                        columns.Add(new ScopeColumn(t.Alias ?? t.Name, column.Name, new ColumnReference(id, column.Name)));
                    }
                    return new Source(columns, table.PrivacyUnit, table.MaxRowsPerUnit, table.MaxGroupsPerUnit, [(id, table)])
                    {
                        MaxRowsPerGroup = Math.Min(table.MaxRowsPerGroup, table.MaxRowsPerUnit),
                    };
                }
            case SubquerySource s when s.Query.GroupBy.Count > 0:
                return PerPerson(s, metadata, baseColumns);
            case SubquerySource s:
                {
                    var inner = Resolve(s.Query.From, metadata, baseColumns);
                    var innerTypes = Types(inner.Columns, baseColumns);
                    foreach (var e in s.Query.Items.Select(i => i.Expression).Where(e => e is not StarExpression).Append(s.Query.Where))
                    {
                        if (e is not null)
                        {
                            DpTypeChecker.Check(e, innerTypes);
                        }
                    }
                    var columns = new List<ScopeColumn>();
                    foreach (var item in s.Query.Items)
                    {
                        if (item.Expression is StarExpression star)
                        {
                            columns.AddRange(inner.Columns
                                .Where(c => star.Qualifier is null || string.Equals(c.Qualifier, star.Qualifier, StringComparison.OrdinalIgnoreCase))
                                .Select(c => c with { Qualifier = s.Alias }));
                            continue;
                        }
                        columns.Add(new ScopeColumn(s.Alias, InMemoryEngine.OutputName(item), Substitute(item.Expression, inner.Columns)));
                    }
                    // Every output column named like the privacy unit must be the unit itself: a subquery that
                    // renamed another column to it would make contribution bounding count the wrong "persons".
                    foreach (var column in columns.Where(c => string.Equals(c.Name, inner.Unit, StringComparison.OrdinalIgnoreCase)))
                    {
                        if (!(column.Definition is ColumnReference { Qualifier: { } q } unitRef
                            && inner.Tables.Any(t => t.Table == q && string.Equals(t.Metadata.PrivacyUnit, unitRef.Name, StringComparison.OrdinalIgnoreCase))))
                        {
                            var item = s.Query.Items.FirstOrDefault(i => string.Equals(i.Alias, column.Name, StringComparison.OrdinalIgnoreCase));
                            throw new QueryException(item?.Span ?? s.Query.Span, $"the subquery names a column '{column.Name}' that is not the privacy unit; '{inner.Unit}' must keep identifying the person.");
                        }
                    }
                    if (!columns.Any(c => string.Equals(c.Name, inner.Unit, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new QueryException(s.Query.Span, $"the subquery must keep the privacy unit column '{inner.Unit}' (select it, or *), so contributions can be bounded per person.");
                    }
                    return inner with { Columns = columns };
                }
            case JoinSource j:
                {
                    var left = Resolve(j.Left, metadata, baseColumns);
                    var right = Resolve(j.Right, metadata, baseColumns);
                    var all = left.Columns.Concat(right.Columns).ToList();
                    DpTypeChecker.Check(j.Condition, Types(all, baseColumns));
                    var joinsUnits = InMemoryEngine.Conjuncts(j.Condition).Any(c => c is BinaryExpression { Operator: BinaryOperator.Equal } eq
                        && IsUnit(Substitute(eq.Left, all), left) && IsUnit(Substitute(eq.Right, all), right)
                        || c is BinaryExpression { Operator: BinaryOperator.Equal } eq2
                        && IsUnit(Substitute(eq2.Left, all), right) && IsUnit(Substitute(eq2.Right, all), left));
                    if (!joinsUnits)
                    {
                        throw new QueryException(j.Condition.Span, $"a join must match the privacy units of both sides ({left.Unit} = {right.Unit}), so every joined row belongs to one person.");
                    }
                    var rows = (int)Math.Min(int.MaxValue, (long)left.MaxRows * right.MaxRows);
                    return new Source(all, left.Unit, rows, Math.Min(rows, Math.Max(left.MaxGroups, right.MaxGroups)), [.. left.Tables, .. right.Tables])
                    {
                        MaxRowsPerGroup = (int)Math.Min(rows, (long)left.MaxRowsPerGroup * right.MaxRowsPerGroup),
                    };
                }
            default:
                throw new QueryException(from.Span, "this FROM clause is not supported in DP queries.");
        }
    }

    /// <summary>
    /// A per-person aggregation in FROM (checked by <see cref="DpExpressionLanguage"/>): a derived table with
    /// one row per person and combination of the public GROUP BY columns, so at most that many rows per
    /// person; its aggregates are columns with the declared bounds of their arguments (a count: 0 to the
    /// source's rows per person).
    /// </summary>
    private static Source PerPerson(SubquerySource s, DatabaseMetadata metadata, Dictionary<string, ColumnMetadata> baseColumns)
    {
        var q = s.Query;
        var inner = Resolve(q.From, metadata, baseColumns);
        var id = $"$g{baseColumns.Count}_{s.Alias}";
        ColumnMetadata Base(ColumnReference r) => Substitute(r, inner.Columns) is ColumnReference b && baseColumns.TryGetValue($"{b.Qualifier}.{b.Name}", out var m)
            ? m
            : throw new QueryException(r.Span, $"{r.ToSql()} is not a declared column; nothing was charged.");
        long rows = 1;
        foreach (var key in q.GroupBy.Cast<ColumnReference>())
        {
            var column = Base(key);
            if (!(IsUnit(Substitute(key, inner.Columns), inner) || column.IsPrivacyUnit))
            {
                rows *= column.PublicValues?.Count ?? (long)(column.Upper!.Value - column.Lower!.Value + 1);
            }
        }
        if (rows > MaxDomain)
        {
            throw new QueryException(q.GroupBy[0].Span, $"the per-person subquery's keys have {rows:N0} combinations; at most {MaxDomain:N0}; nothing was charged.");
        }
        var columns = new List<ScopeColumn>();
        var derived = new Dictionary<string, ColumnMetadata>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in q.Items)
        {
            var name = InMemoryEngine.OutputName(item);
            ColumnMetadata column = item.Expression switch
            {
                ColumnReference r => Base(r) with { Name = name },
                AggregateCall { Function: AggregateFunction.Count } => new ColumnMetadata(name, ColumnKind.Integer, 0, inner.MaxRows, null, false),
                // The argument is the column clamped to its bounds (DpExpressionLanguage): its one column gives the bounds.
                AggregateCall { Function: AggregateFunction.Avg } a when BaseReferences(a.Argument).Count > 0 => Base(BaseReferences(a.Argument)[0]) with { Name = name, Kind = ColumnKind.Real, PublicValues = null, IsPrivate = false },
                AggregateCall a when BaseReferences(a.Argument).Count > 0 => Base(BaseReferences(a.Argument)[0]) with { Name = name, PublicValues = null, IsPrivate = false },
                _ => throw new QueryException(item.Expression.Span, $"{item.Expression.ToSql()} is not allowed in a per-person subquery; nothing was charged."),
            };
            if (column.IsPrivacyUnit && !string.Equals(name, inner.Unit, StringComparison.OrdinalIgnoreCase))
            {
                throw new QueryException(item.Span, $"the per-person subquery must keep the privacy unit's name '{inner.Unit}'; nothing was charged.");
            }
            derived[column.Name] = column;
            baseColumns[$"{id}.{column.Name}"] = column;
            columns.Add(new ScopeColumn(s.Alias, column.Name, new ColumnReference(id, column.Name)));
        }
        var maxRows = (int)Math.Min(int.MaxValue, rows);
        var table = new TableMetadata(id, inner.Unit, maxRows, maxRows, derived);
        return new Source(columns, inner.Unit, maxRows, maxRows, [(id, table)]);
    }

    /// <summary>The declared type of a column in scope (through subquery definitions to the base columns).</summary>
    private static Func<ColumnReference, DpTypeChecker.SqlType> Types(List<ScopeColumn> scope, Dictionary<string, ColumnMetadata> baseColumns)
    {
        // The privacy unit's type is not checked: an undeclared unit column is recorded as text, whatever the ids are.
        DpTypeChecker.SqlType Base(ColumnReference r) => baseColumns.TryGetValue($"{r.Qualifier}.{r.Name}", out var m) && !m.IsPrivacyUnit
            ? DpTypeChecker.FromKind(m.Kind)
            : DpTypeChecker.SqlType.Unknown;
        return c => Substitute(c, scope) switch
        {
            ColumnReference r => Base(r),
            var definition => DpTypeChecker.Check(definition, Base),
        };
    }

    private static bool IsUnit(SqlExpression e, Source side) =>
        e is ColumnReference { Qualifier: { } q } c && side.Tables.Any(t => t.Table == q && string.Equals(t.Metadata.PrivacyUnit, c.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Rewrites column references to their definitions over base table columns (unknown names stay as they are).</summary>
    private static SqlExpression Substitute(SqlExpression e, List<ScopeColumn> scope) => SqlRewriter.Rewrite(e, node =>
    {
        if (node is not ColumnReference c)
        {
            return null;
        }
        var match = scope.FirstOrDefault(s => string.Equals(s.Name, c.Name, StringComparison.OrdinalIgnoreCase)
            && (c.Qualifier is null || string.Equals(s.Qualifier, c.Qualifier, StringComparison.OrdinalIgnoreCase)));
        return match?.Definition ?? c;
    });

    private static List<ColumnReference> BaseReferences(SqlExpression e)
    {
        var found = new List<ColumnReference>();
        SqlRewriter.Rewrite(e, node =>
        {
            if (node is ColumnReference c)
            {
                found.Add(c);
            }
            return null;
        });
        return found;
    }

    private static DpGroupKey Key(SqlExpression key, SelectStatement query, Source source, Dictionary<string, ColumnMetadata> baseColumns)
    {
        // GROUP BY may name a select-list alias.
        var expression = key is ColumnReference { Qualifier: null } alias
            && !source.Columns.Any(c => string.Equals(c.Name, alias.Name, StringComparison.OrdinalIgnoreCase))
            && query.Items.FirstOrDefault(i => string.Equals(i.Alias, alias.Name, StringComparison.OrdinalIgnoreCase)) is { } item
            ? item.Expression
            : key;
        var definition = Substitute(expression, source.Columns);
        var references = BaseReferences(definition);
        var distinct = references.Select(r => $"{r.Qualifier}.{r.Name}").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count != 1 || !baseColumns.TryGetValue(distinct[0], out var column))
        {
            throw new QueryException(key.Span, $"the group key {key.ToSql()} has no domain: group by one column (or an expression of one column) that declares public values (public: [...]), a bounded integer range, or private: true.");
        }
        if (column.IsPrivacyUnit || IsUnit(references[0], source))
        {
            throw new QueryException(key.Span, $"the group key {key.ToSql()} is the privacy unit: one group per person would single out persons; group by their attributes instead.");
        }
        if (column.IsPrivateKey)
        {
            // Private: the released values come from the data, by partition selection after the charge.
            return new DpGroupKey(key, [], expression) { IsPrivate = true };
        }
        IReadOnlyList<object> values;
        if (column.PublicValues is { } publicValues)
        {
            values = publicValues.Select(v => Typed(v, column)).ToList();
        }
        else if (column.Kind == ColumnKind.Integer && column.HasBounds && column.Upper!.Value - column.Lower!.Value <= MaxDomain)
        {
            values = Enumerable.Range(0, (int)(column.Upper.Value - column.Lower.Value) + 1).Select(i => (object)((long)column.Lower.Value + i)).ToList();
        }
        else
        {
            throw new QueryException(key.Span, $"the group key {key.ToSql()} has no public domain: the integer column '{column.Name}' spans more than {MaxDomain:N0} values; declare public values, or private: true for partition selection.");
        }
        // Evaluate the key over its column's domain: FLOOR(Age/5)*5 over Age in [18, 100] gives 15, 20, ..., 100.
        var reference = references[0];
        var relation = new Relation([new RelationColumn(reference.Qualifier, reference.Name, values.ToArray<object?>())], values.Count);
        var evaluate = new RowExpressionCompiler(relation).Compile(definition);
        var domain = new List<object>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            if (evaluate(i) is { } v && seen.Add(KeyText(v)))
            {
                domain.Add(v);
            }
        }
        domain.Sort(SqlValues.Compare);
        // A key of a table with at most one row per person (Patients) has one value per person: the
        // database engine may then group by the person alone (checked on the data, see DpQueryEngine).
        var personLevel = source.Tables.Any(t => t.Table == reference.Qualifier && t.Metadata.MaxRowsPerUnit == 1);
        return new DpGroupKey(key, domain, expression) { IsPersonLevel = personLevel };
    }

    internal static string KeyText(object? v) => v is null ? "\u0000" : v is long or double ? "n" + SqlValues.ToDouble(v).ToString("R", CultureInfo.InvariantCulture) : "s" + SqlValues.Text(v);

    private static object Typed(string value, ColumnMetadata column) => column.Kind switch
    {
        ColumnKind.Integer => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture),
        ColumnKind.Real => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => value,
    };

    private static DpAggregate Aggregate(AggregateCall call, Source source, Dictionary<string, ColumnMetadata> baseColumns,
        IReadOnlyDictionary<string, DpExpressionLanguage.Facts> argumentFacts, long groups, int contributed, double epsilon)
    {
        (double Lower, double Upper) Bounds(AggregateCall call, Source source, Dictionary<string, ColumnMetadata> baseColumns) =>
            DpQueryPlanner.Bounds(call, source, baseColumns, argumentFacts);
        double rows = contributed;
        switch (call.Function)
        {
            case AggregateFunction.Count when call.Distinct:
                {
                    var definition = Substitute(call.Argument, source.Columns);
                    var isUnit = definition is ColumnReference { Qualifier: { } q } c
                        && source.Tables.Any(t => t.Table == q && string.Equals(t.Metadata.PrivacyUnit, c.Name, StringComparison.OrdinalIgnoreCase));
                    // A person is counted once per group, in at most min(G, number of groups) groups: persons
                    // are counted among the rows kept by the group bound, before the row bounds.
                    return new DpAggregate(call, 0, 0, isUnit ? Math.Min(source.MaxGroups, groups) : rows, epsilon) { CountsPersons = isUnit };
                }
            case AggregateFunction.Count:
                return new DpAggregate(call, 0, 0, rows, epsilon);
            case AggregateFunction.Median or AggregateFunction.PercentileCont:
                {
                    var (lower, upper) = Bounds(call, source, baseColumns);
                    // The fraction is checked here, before any charge (throws for a missing or out-of-range one).
                    NoisyAggregation.QuantileFraction(call);
                    // Utility of a candidate: −|#values below it − p·n|; one person moves it by at most R.
                    var integer = Substitute(call.Argument, source.Columns) is ColumnReference reference
                        ? baseColumns.TryGetValue($"{reference.Qualifier}.{reference.Name}", out var column) && column.Kind == ColumnKind.Integer
                        : argumentFacts.TryGetValue(call.Argument.ToSql(), out var facts) && facts.Integer;
                    return new DpAggregate(call, lower, upper, rows, epsilon) { IntegerValued = integer };
                }
            case AggregateFunction.Variance or AggregateFunction.StdDev:
                {
                    var (lower, upper) = Bounds(call, source, baseColumns);
                    // Sensitivity of the centred sum; the sum of squares has R·h², the count R.
                    return new DpAggregate(call, lower, upper, rows * (upper - lower) / 2, epsilon);
                }
            case AggregateFunction.Sum or AggregateFunction.Avg:
                {
                    if (call.Distinct)
                    {
                        throw new QueryException(call.Span, $"{call.Function.ToString().ToUpperInvariant()}(DISTINCT ...) is not supported in DP queries.");
                    }
                    var (lower, upper) = Bounds(call, source, baseColumns);
                    var sensitivity = call.Function == AggregateFunction.Sum
                        ? rows * Math.Max(Math.Abs(lower), Math.Abs(upper))
                        : rows * (upper - lower) / 2;
                    return new DpAggregate(call, lower, upper, sensitivity, epsilon);
                }
            default:
                throw new QueryException(call.Span, $"{call.Function.ToString().ToUpperInvariant()} is not supported in DP queries yet (supported: COUNT, COUNT(DISTINCT), SUM, AVG, VARIANCE, STDDEV, MEDIAN, PERCENTILE_CONT).");
        }
    }

    /// <summary>
    /// The clamping bounds of an aggregate's argument: a column's declared bounds, or, for an
    /// expression (<c>CLAMP(x, L, U)</c>, a CASE, arithmetic of bounded columns), the range the
    /// expression language guarantees for it from the metadata and the query's constants alone.
    /// </summary>
    private static (double Lower, double Upper) Bounds(AggregateCall call, Source source, Dictionary<string, ColumnMetadata> baseColumns,
        IReadOnlyDictionary<string, DpExpressionLanguage.Facts> argumentFacts)
    {
        var definition = Substitute(call.Argument, source.Columns);
        if (definition is not ColumnReference && argumentFacts.TryGetValue(call.Argument.ToSql(), out var facts)
            && facts.Type == DpTypeChecker.SqlType.Number && facts.Bounded)
        {
            if (facts.Magnitude > MaxBound)
            {
                throw new QueryException(call.Argument.Span, $"{call.ToSql()}: the argument's range exceeds ±1e15 in magnitude; clamp it to narrower bounds (CLAMP(x, L, U)); nothing was charged.");
            }
            return (facts.Lower, facts.Upper);
        }
        if (definition is not ColumnReference reference
            || !baseColumns.TryGetValue($"{reference.Qualifier}.{reference.Name}", out var column)
            || !column.IsNumeric || !column.HasBounds)
        {
            throw new QueryException(call.Argument.Span, $"{call.ToSql()} needs declared bounds: its argument must be a numeric column with lower and upper bounds in the metadata, or an expression with a known range such as CLAMP(x, L, U) (values are clamped to the bounds).");
        }
        if (Math.Max(Math.Abs(column.Lower!.Value), Math.Abs(column.Upper!.Value)) > MaxBound)
        {
            // Sums of squares of such values could overflow a double on some row counts, after the charge.
            throw new QueryException(call.Argument.Span, $"{call.ToSql()}: the declared bounds of '{column.Name}' exceed ±1e15 in magnitude; declare narrower bounds (values are clamped to them); nothing was charged.");
        }
        return (column.Lower!.Value, column.Upper!.Value);
    }
}
