using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// The release after the charge: bound each person's contribution (<see cref="ContributionBounding"/>),
/// total each aggregate per group (<see cref="GroupTotals"/>), add noise (<see cref="NoisyAggregation"/>),
/// and lay out every group of the public domains with its keys — or, with a private key, only the
/// groups partition selection keeps.
/// </summary>
internal static class DpRelease
{
    internal static NoisyTable Release(DpQueryPlan plan, IReadOnlyDictionary<string, Table> tables, IRandomBits random)
    {
        // The salt first, so that every engine draws the same noise after it from the same source.
        var salt = ContributionBounding.DrawSalt(random);
        return Release(plan, DpNarrowInput.InMemory(plan, tables), salt, random);
    }

    /// <summary>
    /// Bounds, aggregates and adds noise to the narrow input. Bounding does not depend on the order
    /// rows arrive in (so every engine bounds alike): a person over a bound keeps a uniformly random
    /// subset of their groups and rows, chosen by the query's salt (<see cref="ContributionBounding"/>).
    /// </summary>
    internal static NoisyTable Release(DpQueryPlan plan, Relation narrow, string salt, IRandomBits random)
    {
        if (plan.PrivateKey is { } p)
        {
            return ReleaseWithPartitionSelection(plan, p, narrow, salt, random);
        }
        return AggregateAndNoise(plan, narrow, ContributionBounding.Bound(plan, narrow, salt), random);
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
    internal static NoisyTable ReleaseWithPartitionSelection(DpQueryPlan plan, int privateKey, Relation narrow, string salt, IRandomBits random)
    {
        // Candidate domain: the values present (sorted, so a person's bounding depends on their own rows only).
        var observed = narrow.Columns[1 + privateKey].Values.OfType<object>().Distinct(SqlValueComparer.Instance).ToList();
        observed.Sort(SqlValues.Compare);
        var candidate = WithDomain(plan, privateKey, observed);
        var kept = ContributionBounding.Bound(candidate, narrow, salt);
        var candidateStrides = DpGroupIndex.Strides(candidate);
        int Position(int group) => group / candidateStrides[privateKey] % observed.Count;
        // Each person's kept rows lie in at most min(R, G) groups, so in at most Δ₀ private values: the
        // selection's own bounding keeps them all.
        var selection = new PartitionSelection(plan.SelectionEpsilon, plan.Delta, plan.MaxPartitionsPerUnit);
        var selected = selection.SelectBounded(kept.Where(k => k.InRows).Select(k => (k.Unit, Position(k.Group))), SqlValueComparer.Instance, Comparer<int>.Default, random)
            .Order().ToList();
        var final = WithDomain(plan, privateKey, selected.Select(i => observed[i]).ToList());
        var finalStrides = DpGroupIndex.Strides(final);
        var newPosition = selected.Select((old, i) => (old, i)).ToDictionary(e => e.old, e => e.i);
        var remapped = new List<BoundedRow>(kept.Count);
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
            remapped.Add(new BoundedRow(row, g, unit, inRows));
        }
        return AggregateAndNoise(final, narrow, remapped, random);
    }

    internal static DpQueryPlan WithDomain(DpQueryPlan plan, int key, IReadOnlyList<object> domain)
    {
        var keys = plan.Keys.ToList();
        keys[key] = keys[key] with { Domain = domain };
        return plan with { Keys = keys };
    }

    /// <summary>The exact totals over the kept rows, then the noisy release.</summary>
    internal static NoisyTable AggregateAndNoise(DpQueryPlan plan, Relation narrow, List<BoundedRow> kept, IRandomBits random)
    {
        var groupCount = (int)plan.GroupCount;
        var compiler = new RowExpressionCompiler(narrow);
        var arguments = DpNarrowInput.Arguments(plan).Select(a => a.ToSql()).ToList();
        var aggregates = plan.Aggregates.Select(a => a.Call.IsCountStar ? a
            : a with { Call = a.Call with { Argument = new ColumnReference(null, "$a" + arguments.IndexOf(a.Call.Argument.ToSql())) { Span = a.Call.Argument.Span } } }).ToList();
        return Emit(plan, aggregates.Select(a => GroupTotals.FromRows(a, kept, compiler, groupCount)).ToArray(), random);
    }

    /// <summary>The released table: every group of the public domain with its keys and noisy aggregates.</summary>
    internal static NoisyTable Emit(DpQueryPlan plan, GroupTotals[] totals, IRandomBits random)
    {
        var query = plan.Query;
        var groupCount = (int)plan.GroupCount;
        var strides = DpGroupIndex.Strides(plan);
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
            var (values, halfWidths) = NoisyAggregation.Release(aggregate, plan, totals[a], groupCount, random);
            for (var g = 0; g < groupCount; g++)
            {
                foreach (var i in items)
                {
                    output[g][i] = values[g];
                    intervals[g][i] = halfWidths[g];
                }
            }
        }
        return new NoisyTable(columns, output, intervals);
    }

    internal static object? KeyValue(SqlExpression item, SelectStatement query, DpQueryPlan plan, int group, int[] strides)
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
}
