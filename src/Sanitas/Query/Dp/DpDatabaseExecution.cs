using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// The database half of a DP query after its charge: which pushdown (<see cref="DpPushdownSql"/>) runs
/// on the target, and how its exact totals become the release (<see cref="DpRelease"/>). Every path
/// gives the released values the in-memory engine gives for the same salt and random source; the
/// choice between paths depends on the data only through timing (docs/privacy.md, threat model).
/// </summary>
internal static class DpDatabaseExecution
{
    /// <summary>
    /// Checks a plan's SQL against a database's schema as a real query does before its charge (LIMIT 0:
    /// no rows are read).
    /// </summary>
    /// <exception cref="QueryException">The database rejects the query (or cannot be opened); nothing was charged.</exception>
    public static async Task CheckAsync(DpQueryPlan plan, DatabaseTarget target, CancellationToken cancellationToken)
    {
        try
        {
            await target.QueryValuesAsync($"SELECT * FROM ({DpPushdownSql.Narrow(plan, target.Dialect)}) AS \"narrow\" LIMIT 0", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or SanitasDataException)
        {
            throw new QueryException($"The database rejected the query ({e.Message.Trim()}); nothing was charged. Names are sent as the metadata spells them (PostgreSQL matches quoted names exactly).", e);
        }
    }

    /// <summary>Bounds, aggregates and adds noise, the database doing the row-level work (called after the charge).</summary>
    public static async Task<NoisyTable> ReleaseAsync(DpQueryPlan plan, DatabaseTarget target, IRandomBits random)
    {
        var dialect = target.Dialect;
        async Task<Relation> Run(string sql) => ToRelation(await target.QueryValuesAsync(sql, CancellationToken.None).ConfigureAwait(false));
        // The salt first, on every path, so that every engine draws the same noise after it.
        var salt = ContributionBounding.DrawSalt(random);
        async Task<Relation> RunPrepared(string sql) =>
            ToRelation(await target.QueryValuesAsync(sql, ContributionBounding.PrepareConnection(salt, plan.MaxRowsPerUnit), CancellationToken.None).ConfigureAwait(false));
        var quantiles = plan.Aggregates.Any(a => a.Call.Function is AggregateFunction.Median or AggregateFunction.PercentileCont);
        if (quantiles || plan.PrivateKey is not null)
        {
            // Quantiles need the values, partition selection the persons per key: bound and aggregate the narrow rows in memory.
            return DpRelease.Release(plan, await Run(DpPushdownSql.Narrow(plan, dialect)).ConfigureAwait(false), salt, random);
        }
        var perGroup = Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit);
        if (DpPushdownSql.CanPreAggregate(plan))
        {
            var exceeds = false;
            // The largest number of groups of one person and of rows of one person in one group, when known.
            double? largestGroups = null, largestPerGroup = null, largestRows = null;
            if (dialect.PrefersPersonOnlyGrouping && plan.Keys.All(k => k.IsPersonLevel))
            {
                // (Also without GROUP BY: every person is then in the one group.)
                // Keys of the person's own row (Patients): group by the person alone (see the dialect's reason).
                var perPerson = await Run(DpPushdownSql.PersonLevel(plan, dialect)).ConfigureAwait(false);
                var mixed = perPerson.RowCount > 0 && Largest(perPerson, "$mixed") > 0;
                // Unmixed, each person's rows lie in one group: R and R_g bound the same rows.
                exceeds = perPerson.RowCount > 0 && Largest(perPerson, "$n") > perGroup;
                if (!mixed && !exceeds)
                {
                    return DpRelease.Emit(plan, GroupTotals.FromDatabase(plan, perPerson), random);
                }
                if (!mixed)
                {
                    (largestGroups, largestPerGroup, largestRows) = (1, Largest(perPerson, "$n"), Largest(perPerson, "$n"));
                }
            }
            if (!exceeds)
            {
                // One pass: per-person totals per group, their rows and groups, then totals per group.
                var onePass = await Run(DpPushdownSql.OnePass(plan, dialect)).ConfigureAwait(false);
                if (onePass.RowCount == 0 || (Largest(onePass, "$n") <= plan.MaxRowsPerUnit && Largest(onePass, "$g") <= plan.MaxGroupsPerUnit && Largest(onePass, "$m") <= perGroup))
                {
                    return DpRelease.Emit(plan, GroupTotals.FromDatabase(plan, onePass), random);
                }
                (largestGroups, largestPerGroup, largestRows) = (Largest(onePass, "$g"), Largest(onePass, "$m"), Largest(onePass, "$n"));
            }
            // Someone exceeds the bounds: keep a random subset of their groups and rows (same released values as in memory).
            var ranked = await Bounded(largestGroups, largestPerGroup, largestRows).ConfigureAwait(false);
            return DpRelease.Emit(plan, GroupTotals.FromDatabase(plan, ranked), random);
        }
        var bounds = await Run(DpPushdownSql.Bounds(plan, dialect)).ConfigureAwait(false);
        double Max(int c) => bounds.RowCount > 0 && bounds.Columns[c].Values[0] is { } v ? SqlValues.ToDouble(v) : 0;
        var bounded = Max(0) > plan.MaxRowsPerUnit || Max(1) > plan.MaxGroupsPerUnit || Max(2) > perGroup;
        var totals = bounded ? await Bounded(Max(1), Max(2), Max(0)).ConfigureAwait(false) : await Run(DpPushdownSql.Aggregate(plan, dialect, null)).ConfigureAwait(false);
        return DpRelease.Emit(plan, GroupTotals.FromDatabase(plan, totals), random);

        // The ranked bounding; when only R applies (known from the largest contribution), its shorter form.
        async Task<Relation> Bounded(double? groups, double? inOneGroup, double? rows)
        {
            // The shorter form holds one person's priorities in memory on SQLite: above a few million rows, the general form.
            if (groups is { } g && inOneGroup is { } m && rows <= ContributionBounding.MaxRowsRankedInMemory && DpPushdownSql.RowBoundOnly(plan, g, m))
            {
                return await RunPrepared(DpPushdownSql.AggregateRowsOnly(plan, dialect, salt)).ConfigureAwait(false);
            }
            return await RunPrepared(DpPushdownSql.Aggregate(plan, dialect, salt)).ConfigureAwait(false);
        }
    }

    private static double Largest(Relation relation, string name) =>
        relation.Columns.First(c => c.Name == name).Values.Max(v => v is null ? 0 : SqlValues.ToDouble(v));

    private static Relation ToRelation(DatabaseRows rows) =>
        new(rows.Names.Select((name, i) => new RelationColumn("narrow", name, rows.Columns[i])).ToList(), rows.RowCount);
}
