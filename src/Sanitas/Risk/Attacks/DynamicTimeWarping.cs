using System.Buffers;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Dynamic time warping (Sakoe &amp; Chiba 1978, "Dynamic programming algorithm optimization for
/// spoken word recognition", IEEE TASSP 26(1)) with a Sakoe-Chiba band, the LB_Keogh lower bound
/// (Keogh &amp; Ratanamahatana 2005, "Exact indexing of dynamic time warping", KAIS 7(3)), early
/// abandoning and z-normalization, as combined in the UCR suite (Rakthanmanon et al. 2012,
/// "Searching and mining trillions of time series subsequences under dynamic time warping", KDD).
/// </summary>
/// <remarks>
/// Distances are the sum of squared differences along the best warping path (the UCR suite's
/// convention; take the square root for a metric-like value). Cells (i, j) with |i − j| greater
/// than the band are excluded; when two series differ in length by more than the band, the band
/// is widened to the difference so that a warping path exists (<see cref="EffectiveWindow"/>).
/// </remarks>
public static class DynamicTimeWarping
{
    /// <summary>The band actually used for two series: at least their length difference.</summary>
    public static int EffectiveWindow(int lengthA, int lengthB, int window) => Math.Max(Math.Max(0, window), Math.Abs(lengthA - lengthB));

    /// <summary>The DTW distance (sum of squared differences along the best path within the band).</summary>
    /// <param name="a">The first series (non-empty).</param>
    /// <param name="b">The second series (non-empty).</param>
    /// <param name="window">The Sakoe-Chiba band half-width, in points.</param>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int window) => Distance(a, b, window, double.PositiveInfinity);

    /// <summary>
    /// The DTW distance with early abandoning: as soon as every cell of a row exceeds
    /// <paramref name="abandonAbove"/>, the final distance must too, and
    /// <see cref="double.PositiveInfinity"/> is returned. A distance ≤ <paramref name="abandonAbove"/>
    /// is returned exactly as without abandoning; a larger one always as <see cref="double.PositiveInfinity"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A series is empty.</exception>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int window, double abandonAbove)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            throw new ArgumentException("DTW needs two non-empty series.");
        }
        var n = a.Length;
        var m = b.Length;
        var w = EffectiveWindow(n, m, window);
        var rented = ArrayPool<double>.Shared.Rent(2 * m);
        try
        {
            var prev = rented.AsSpan(0, m);
            var curr = rented.AsSpan(m, m);
            prev.Fill(double.PositiveInfinity);
            curr.Fill(double.PositiveInfinity);
            int prevLo = 0, prevHi = -1;
            for (var i = 0; i < n; i++)
            {
                var lo = Math.Max(0, i - w);
                var hi = Math.Min(m - 1, i + w);
                var rowMin = double.PositiveInfinity;
                var ai = a[i];
                for (var j = lo; j <= hi; j++)
                {
                    var d = ai - b[j];
                    d *= d;
                    double best;
                    if (i == 0 && j == 0)
                    {
                        best = 0;
                    }
                    else
                    {
                        best = prev[j];
                        if (j > 0)
                        {
                            var left = curr[j - 1];
                            var diagonal = prev[j - 1];
                            if (left < best)
                            {
                                best = left;
                            }
                            if (diagonal < best)
                            {
                                best = diagonal;
                            }
                        }
                    }
                    var cell = d + best;
                    curr[j] = cell;
                    if (cell < rowMin)
                    {
                        rowMin = cell;
                    }
                }
                if (rowMin > abandonAbove)
                {
                    return double.PositiveInfinity;
                }
                // The buffer becoming the next row still holds the row before prev: clear its band.
                var next = prev;
                for (var j = prevLo; j <= prevHi; j++)
                {
                    next[j] = double.PositiveInfinity;
                }
                prev = curr;
                curr = next;
                prevLo = lo;
                prevHi = hi;
            }
            return prev[m - 1] > abandonAbove ? double.PositiveInfinity : prev[m - 1];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The LB_Keogh envelope of <paramref name="series"/> for a query of <c>upper.Length</c>
    /// points: <c>upper[i]</c> and <c>lower[i]</c> are the largest and smallest values within
    /// <paramref name="window"/> points of i. Positions with no point in reach get ±∞.
    /// </summary>
    public static void Envelope(ReadOnlySpan<double> series, int window, Span<double> upper, Span<double> lower)
    {
        if (upper.Length != lower.Length)
        {
            throw new ArgumentException("The upper and lower envelopes must have the same length.");
        }
        var m = series.Length;
        for (var i = 0; i < upper.Length; i++)
        {
            var lo = Math.Max(0, i - window);
            var hi = Math.Min(m - 1, i + window);
            if (lo > hi)
            {
                upper[i] = double.PositiveInfinity;
                lower[i] = double.NegativeInfinity;
                continue;
            }
            var max = series[lo];
            var min = max;
            for (var j = lo + 1; j <= hi; j++)
            {
                var v = series[j];
                if (v > max)
                {
                    max = v;
                }
                if (v < min)
                {
                    min = v;
                }
            }
            upper[i] = max;
            lower[i] = min;
        }
    }

    /// <summary>
    /// LB_Keogh: the squared distance from <paramref name="query"/> to the envelope of a candidate
    /// (Keogh &amp; Ratanamahatana 2005). Every query point is matched to some candidate point within
    /// the band, so this never exceeds the DTW distance with that band. Stops early (returning a
    /// value above <paramref name="abandonAbove"/>, still a lower bound) once the sum exceeds it.
    /// </summary>
    public static double LbKeogh(ReadOnlySpan<double> query, ReadOnlySpan<double> upper, ReadOnlySpan<double> lower, double abandonAbove = double.PositiveInfinity)
    {
        if (upper.Length < query.Length || lower.Length < query.Length)
        {
            throw new ArgumentException($"The envelope has {Math.Min(upper.Length, lower.Length)} points, the query {query.Length}.");
        }
        var sum = 0.0;
        for (var i = 0; i < query.Length; i++)
        {
            var q = query[i];
            if (q > upper[i])
            {
                var d = q - upper[i];
                sum += d * d;
            }
            else if (q < lower[i])
            {
                var d = q - lower[i];
                sum += d * d;
            }
            if (sum > abandonAbove)
            {
                return sum;
            }
        }
        return sum;
    }

    /// <summary>
    /// Z-normalizes a series (subtract the mean, divide by the standard deviation) so that offsets
    /// and scales, such as °C against °F or a miscalibrated sensor, do not matter. A constant
    /// series becomes all zeros.
    /// </summary>
    public static double[] ZNormalize(ReadOnlySpan<double> series)
    {
        var result = new double[series.Length];
        if (series.IsEmpty)
        {
            return result;
        }
        var mean = 0.0;
        foreach (var v in series)
        {
            mean += v;
        }
        mean /= series.Length;
        var variance = 0.0;
        foreach (var v in series)
        {
            variance += (v - mean) * (v - mean);
        }
        var sd = Math.Sqrt(variance / series.Length);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = sd > 1e-12 ? (series[i] - mean) / sd : 0;
        }
        return result;
    }
}
