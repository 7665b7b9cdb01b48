namespace Sanitas.Data;

/// <summary>
/// Piecewise Aggregate Approximation (PAA; Keogh, Chakrabarti, Pazzani &amp; Mehrotra 2001,
/// "Dimensionality reduction for fast similarity search in large time series databases", KAIS 3(3)):
/// a series of n points becomes N segment means, x̄ᵢ = (N/n) Σ x_j over the i-th frame of n/N points.
/// When N does not divide n a point on a frame boundary contributes to both frames in proportion (the
/// usual fractional generalization); <see cref="Means"/> is the fixed-width form (frames of w points,
/// the last one shorter). Missing points (NaN) are left out of a frame's mean; an all-missing frame is NaN.
/// </summary>
public static class SeriesWindows
{
    /// <summary>Means over consecutive windows of <paramref name="window"/> points; a shorter last window is averaged as it is.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window is below 1 (a caller's bug: options are checked first).</exception>
    public static double[] Means(ReadOnlySpan<double> series, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[(series.Length + window - 1) / window];
        for (var k = 0; k < result.Length; k++)
        {
            var part = series.Slice(k * window, Math.Min(window, series.Length - (k * window)));
            var sum = 0.0;
            var count = 0;
            foreach (var v in part)
            {
                if (!double.IsNaN(v))
                {
                    sum += v;
                    count++;
                }
            }
            result[k] = count == 0 ? double.NaN : sum / count;
        }
        return result;
    }

    /// <summary>PAA of <paramref name="series"/> to <paramref name="segments"/> segment means (fractional frames when they do not divide the length).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Segments below 1 or above the series' length.</exception>
    public static double[] Paa(ReadOnlySpan<double> series, int segments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segments, series.Length);
        var n = series.Length;
        var result = new double[segments];
        if (n % segments == 0)
        {
            return Means(series, n / segments);
        }
        // Point j covers [j, j+1) on a scale of n; frame i covers [i n/N, (i+1) n/N).
        for (var i = 0; i < segments; i++)
        {
            var from = (double)i * n / segments;
            var to = (double)(i + 1) * n / segments;
            var sum = 0.0;
            var weight = 0.0;
            for (var j = (int)Math.Floor(from); j < n && j < to; j++)
            {
                var w = Math.Min(to, j + 1) - Math.Max(from, j);
                if (w > 0 && !double.IsNaN(series[j]))
                {
                    sum += w * series[j];
                    weight += w;
                }
            }
            result[i] = weight == 0 ? double.NaN : sum / weight;
        }
        return result;
    }

    /// <summary>Stretches segment values back to <paramref name="length"/> points (each point takes the value of the window it falls in): the reconstruction a distortion is measured against.</summary>
    public static double[] Expand(ReadOnlySpan<double> windows, int window, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[length];
        for (var j = 0; j < length; j++)
        {
            result[j] = windows[Math.Min(j / window, windows.Length - 1)];
        }
        return result;
    }
}
