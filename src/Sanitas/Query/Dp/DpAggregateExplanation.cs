namespace Sanitas.Query;

/// <summary>
/// One aggregate of a DP query described before it is run: bounds, sensitivity, ε, the noisy values
/// it releases per group, and the 95% half-width of the released value when that does not depend on
/// the data.
/// </summary>
/// <param name="Function">The aggregate as written.</param>
/// <param name="Lower">The clamping lower bound of its argument; null for counts.</param>
/// <param name="Upper">The clamping upper bound of its argument; null for counts.</param>
/// <param name="Sensitivity">The plan's L1 sensitivity (<see cref="DpAggregate.Sensitivity"/>; for AVG, VARIANCE and STDDEV that of the centred sum).</param>
/// <param name="Epsilon">The ε it spends in total (split equally over <paramref name="Noises"/>).</param>
/// <param name="Noises">The noisy values released per group: one for COUNT, SUM and quantiles, a sum and a count for AVG, three for VARIANCE and STDDEV.</param>
/// <param name="HalfWidth">The 95% half-width of each released value when it does not depend on the data (COUNT, COUNT(DISTINCT), SUM: the noise's; quantiles: the rank error); null for AVG, VARIANCE and STDDEV, whose interval depends on the noisy count.</param>
/// <param name="IntervalUnits">"value" (the column's own units) or "rank" (rows of the group), as in <see cref="DpQueryResult.IntervalUnits"/>.</param>
/// <param name="Interval">How the released interval is formed, in words.</param>
public sealed record DpAggregateExplanation(
    string Function,
    double? Lower,
    double? Upper,
    double Sensitivity,
    double Epsilon,
    IReadOnlyList<DpNoiseExplanation> Noises,
    double? HalfWidth,
    string IntervalUnits,
    string Interval);
