using System.Globalization;
using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// What a DP query would cost and how accurate each released value would be, worked out from its
/// plan alone, before any ε is spent or any data read (as Tumult Analytics' and OpenDP's accuracy
/// utilities do): the total ε (and δ), the privacy unit and its contribution bounds, the released
/// groups, and per aggregate the bounds, sensitivity, ε share, mechanism, noise scale and 95%
/// half-width. The numbers come from the same mechanisms the engine releases with, so a release
/// reports exactly these half-widths for COUNT, COUNT(DISTINCT), SUM and quantiles.
/// </summary>
/// <param name="PrivacyUnit">The column identifying the person.</param>
/// <param name="MaxRowsPerUnit">R: rows one person may contribute after bounding.</param>
/// <param name="MaxGroupsPerUnit">G: groups one person may contribute to after bounding.</param>
/// <param name="Epsilon">The total ε the query would charge (including <paramref name="SelectionEpsilon"/>).</param>
/// <param name="Delta">The δ it would charge (partition selection of a private key; else 0).</param>
/// <param name="SelectionEpsilon">The part of ε spent on partition selection (0 without a private key).</param>
/// <param name="GroupCount">The number of groups released (the product of the public domains, 1 without GROUP BY); null when a key is private (chosen by partition selection). HAVING and LIMIT may drop released rows afterwards.</param>
/// <param name="Keys">The group keys.</param>
/// <param name="Aggregates">The aggregates, in the order they appear.</param>
public sealed record DpQueryExplanation(
    string PrivacyUnit,
    int MaxRowsPerUnit,
    int MaxGroupsPerUnit,
    double Epsilon,
    double Delta,
    double SelectionEpsilon,
    long? GroupCount,
    IReadOnlyList<DpKeyExplanation> Keys,
    IReadOnlyList<DpAggregateExplanation> Aggregates)
{
    /// <summary>
    /// With a private key, the fewest persons (noisy) a value needs to be released: the threshold τ of
    /// <see cref="PartitionSelection"/> at (<see cref="SelectionEpsilon"/>, <see cref="Delta"/>, min(R, G)); null otherwise.
    /// </summary>
    public long? SelectionThreshold { get; init; }

    /// <summary>R_g: the most rows one person keeps in any one group (equal to R when the metadata declares no <c>maxRowsPerGroup</c>).</summary>
    public int MaxRowsPerGroup { get; init; }

    /// <summary>The most rows one person contributes over all groups, min(R, min(G, groups)·R_g): the row sensitivity of counts, sums and quantiles.</summary>
    public int MaxContributedRows { get; init; }

    /// <summary>Which contribution bounds apply to this query and how rows over them are chosen, in words.</summary>
    public string Bounding { get; init; } = "";

    /// <summary>Describes a plan: no data, no ledger.</summary>
    /// <param name="plan">The plan, from <see cref="DpQueryEngine.Plan(string, double, double, DatabaseMetadata)"/>.</param>
    /// <param name="sql">The query's text the plan was parsed from, to name aggregates and keys as written; without it, their canonical SQL.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="QueryException">A PERCENTILE_CONT fraction is not a constant in [0, 1].</exception>
    public static DpQueryExplanation Explain(DpQueryPlan plan, string? sql = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        string Written(SqlExpression e) => sql is not null && e.Span.Length > 0 && e.Span.End <= sql.Length ? sql.Substring(e.Span.Offset, e.Span.Length) : e.ToSql();
        var keys = plan.Keys.Select(k => new DpKeyExplanation(Written(k.Expression), k.IsPrivate, k.IsPrivate ? null : k.Domain.Count)).ToList();
        var isPrivate = plan.PrivateKey is not null;
        return new DpQueryExplanation(plan.PrivacyUnit, plan.MaxRowsPerUnit, plan.MaxGroupsPerUnit, plan.Epsilon, plan.Delta, plan.SelectionEpsilon,
            isPrivate ? null : plan.GroupCount, keys, plan.Aggregates.Select(a => Describe(a, plan, Written(a.Call))).ToList())
        {
            SelectionThreshold = isPrivate ? new PartitionSelection(plan.SelectionEpsilon, plan.Delta, plan.MaxPartitionsPerUnit).Threshold : null,
            MaxRowsPerGroup = Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit),
            MaxContributedRows = plan.MaxContributedRows,
            Bounding = DescribeBounds(plan),
        };
    }

    /// <summary>The bounds that apply, in words: which limit each aggregate, and that extra rows are dropped at random.</summary>
    internal static string DescribeBounds(DpQueryPlan plan)
    {
        var (r, g, rg) = (plan.MaxRowsPerUnit, plan.MaxGroupsPerUnit, Math.Min(plan.MaxRowsPerGroup, plan.MaxRowsPerUnit));
        var parts = new List<string>();
        if (plan.Keys.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at most G = {g:N0} groups per person"));
            if (rg < r)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"at most R_g = {rg:N0} rows per person in each group"));
            }
        }
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"at most R = {r:N0} rows per person in all"));
        var text = $"{string.Join(", then ", parts)}; a person over a bound keeps a uniformly random subset of their groups and rows, drawn anew for each query (not the first rows in any order)";
        if (plan.Aggregates.Any(a => a.CountsPersons))
        {
            text += plan.Keys.Count > 0 ? "; COUNT(DISTINCT person) counts every person in the groups they keep (bounded by G only)" : "; COUNT(DISTINCT person) is bounded by nothing but the one group";
        }
        return text + string.Create(CultureInfo.InvariantCulture, $"; counts and sums have sensitivity {plan.MaxContributedRows:N0} rows");
    }

    /// <summary>
    /// Plans a query for a database and describes it, as <c>sanitas query --explain</c> does: the same
    /// checks as a real query before its charge (syntax, metadata, bounds, and the SQL against the
    /// database's schema with LIMIT 0, which reads no rows), then no charge and no data read.
    /// </summary>
    /// <param name="sql">The query.</param>
    /// <param name="cost">The ε it would spend, and the δ available to partition selection.</param>
    /// <param name="metadata">The declared metadata.</param>
    /// <param name="database">A SQLite file path or an Npgsql connection string.</param>
    /// <param name="cancellationToken">Cancels the schema check.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="SqlSyntaxException">The SQL does not parse.</exception>
    /// <exception cref="QueryException">The query cannot be answered with DP, or the database rejects it.</exception>
    public static async Task<DpQueryExplanation> ExplainOnDatabaseAsync(string sql, ApproximateDp cost, DatabaseMetadata metadata, string database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var plan = DpQueryEngine.Plan(sql, cost.Epsilon, cost.Delta, metadata);
        var explanation = Explain(plan, sql);
        await DpQueryEngine.CheckOnDatabaseAsync(plan, database, cancellationToken).ConfigureAwait(false);
        return explanation;
    }

    private const string Independent = "± the noise's 95% half-width, whatever the data";

    private static DpAggregateExplanation Describe(DpAggregate aggregate, DpQueryPlan plan, string written)
    {
        var call = aggregate.Call;
        var (lower, upper) = call.Function == AggregateFunction.Count ? ((double?)null, (double?)null) : (aggregate.Lower, aggregate.Upper);
        DpAggregateExplanation Result(IReadOnlyList<DpNoiseExplanation> noises, double? halfWidth, string units, string interval) =>
            new(written, lower, upper, aggregate.Sensitivity, aggregate.Epsilon, noises, halfWidth, units, interval);
        switch (call.Function)
        {
            case AggregateFunction.Count:
                {
                    var count = Laplace("count", aggregate.Sensitivity, aggregate.Epsilon);
                    return Result([count], count.HalfWidth, "value", Independent + " (the count is then rounded)");
                }
            case AggregateFunction.Sum:
                {
                    var sum = Laplace("sum", aggregate.Sensitivity, aggregate.Epsilon);
                    return Result([sum], sum.HalfWidth, "value", Independent);
                }
            case AggregateFunction.Avg:
                {
                    var share = aggregate.Epsilon / 2;
                    return Result(
                        [Laplace("sum of (x − m)", aggregate.Sensitivity, share), Laplace("count", plan.MaxContributedRows, share)],
                        null, "value",
                        "depends on the noisy count C: (h_sum + |value − m|·h_count)/C (first order), at most U − L; m = (L + U)/2");
                }
            case AggregateFunction.Variance or AggregateFunction.StdDev:
                {
                    var share = aggregate.Epsilon / 3;
                    var half = (aggregate.Upper - aggregate.Lower) / 2;
                    const double alpha = 0.05 / 3;
                    return Result(
                        [
                            Laplace("count", plan.MaxContributedRows, share, alpha),
                            Laplace("sum of (x − m)", plan.MaxContributedRows * half, share, alpha),
                            Laplace("sum of (x − m)²", plan.MaxContributedRows * half * half, share, alpha),
                        ],
                        null, "value",
                        "depends on the noisy count: the range of (S2 − S1²/C)/(C − 1) over the three values' intervals (each 1 − 0.05/3, all three with ≥ 95%), clamped to [0, h²], h = (U − L)/2");
                }
            case AggregateFunction.Median or AggregateFunction.PercentileCont:
                {
                    _ = NoisyAggregation.QuantileFraction(call);
                    var candidates = NoisyAggregation.QuantileCandidates(aggregate);
                    var loss = new ExponentialMechanism(aggregate.Sensitivity, aggregate.Epsilon).UtilityLoss(candidates);
                    return Result(
                        [new DpNoiseExplanation("rank", "exponential", aggregate.Sensitivity, aggregate.Epsilon, null, null, candidates, 0.95, loss)],
                        loss, "rank",
                        $"the released value's rank |#{{x < c}} − p·n| is within ± this many rows of the best of {candidates:N0} grid candidates' (95%)");
                }
            default:
                throw new QueryException(call.Span, $"{call.Function.ToString().ToUpperInvariant()} is not supported in DP queries yet.");
        }
    }

    /// <summary>A Laplace-noised value; "none" when its sensitivity is 0 (bounds that make it constant, as the engine then adds no noise).</summary>
    private static DpNoiseExplanation Laplace(string releases, double sensitivity, double epsilon, double alpha = 0.05)
    {
        if (sensitivity <= 0)
        {
            return new DpNoiseExplanation(releases, "none", 0, epsilon, 0, null, null, 1 - alpha, 0);
        }
        var mechanism = new LaplaceMechanism(sensitivity, epsilon);
        return new DpNoiseExplanation(releases, "laplace", sensitivity, epsilon, mechanism.Scale, Math.ScaleB(1, mechanism.GridExponent), null, 1 - alpha,
            mechanism.ConfidenceHalfWidth(alpha));
    }
}
