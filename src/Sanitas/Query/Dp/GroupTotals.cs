namespace Sanitas.Query;

/// <summary>
/// The exact, bounded totals of one aggregate per group, before noise: the row or value count, the
/// sum and the sum of squares of the clamped (and, for AVG and VARIANCE, centred) values, and for
/// quantiles the clamped values themselves. Computed in memory or by the database.
/// </summary>
internal sealed class GroupTotals(int groups)
{
    public double[] Count { get; } = new double[groups];

    public double[] Sum { get; } = new double[groups];

    public double[] Squares { get; } = new double[groups];

    public List<double>[]? Values { get; set; }
}
