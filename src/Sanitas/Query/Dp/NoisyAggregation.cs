using Sanitas.Privacy;

namespace Sanitas.Query;

/// <summary>
/// The noisy release of one aggregate per group from its exact bounded totals: COUNT and SUM by the
/// Laplace mechanism, AVG as a noisy sum over a noisy count, VARIANCE and STDDEV from three noisy
/// sums, quantiles by the exponential mechanism; each value with its 95% half-width. Every draw
/// comes from the release's random source (<see cref="SecureRandom"/> outside tests).
/// </summary>
internal static class NoisyAggregation
{
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

    /// <summary>The noisy values of one aggregate per group and their 95% half-widths (in ranks for quantiles).</summary>
    internal static (object?[] Values, double?[] HalfWidths) Release(DpAggregate aggregate, DpQueryPlan plan, GroupTotals totals, int groups, IRandomBits random)
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
