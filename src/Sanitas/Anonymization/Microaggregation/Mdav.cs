using System.Numerics.Tensors;

namespace Sanitas.Anonymization.Microaggregation;

/// <summary>
/// Maximum Distance to Average Vector (MDAV), the fixed-size multivariate microaggregation heuristic of
/// J. Domingo-Ferrer and J. M. Mateo-Sanz, "Practical data-oriented microaggregation for statistical disclosure
/// control", IEEE TKDE 14(1), 2002, in the form of Domingo-Ferrer and Torra, "Ordinal, continuous and heterogeneous
/// k-anonymity through microaggregation", DMKD 11(2), 2005 (the "mdav" of sdcMicro and μ-Argus):
/// <code>
/// while at least 3k records remain:
///     c = centroid of the remaining records; r = the record farthest from c; s = the record farthest from r
///     form a group of r and its k-1 nearest remaining records, then one of s and its k-1 nearest
/// if at least 2k remain: r = farthest from the centroid; group r with its k-1 nearest
/// the rest (k to 2k-1 records) form the last group
/// </code>
/// Every group has between k and 2k-1 records. Distances are Euclidean; ties go to the lower row index, so the
/// partition is deterministic.
/// </summary>
public static class Mdav
{
    /// <summary>Partitions <paramref name="rows"/> points of <paramref name="dimensions"/> coordinates (row-major) into groups of at least k.</summary>
    /// <returns>The group number of each row (groups numbered in the order they are formed).</returns>
    /// <exception cref="ArgumentException">k is below 1, or there are fewer than k rows (and more than none).</exception>
    public static int[] Partition(ReadOnlySpan<double> points, int rows, int dimensions, int k, CancellationToken ct = default)
    {
        if (k < 1)
        {
            throw new InvalidOptionException("k", $"k must be at least 1 (got {k}).", null);
        }
        if (points.Length != rows * dimensions)
        {
            throw new ArgumentException($"{points.Length} coordinates do not make {rows} rows of {dimensions}.", nameof(points));
        }
        var group = new int[rows];
        if (rows == 0)
        {
            return group;
        }
        if (rows < k)
        {
            throw new InvalidOptionException("rows", $"{rows} records cannot form a group of {k}.", null);
        }
        var remaining = Enumerable.Range(0, rows).ToList();
        var distances = new double[rows];
        var centroid = new double[dimensions];
        var next = 0;
        while (remaining.Count >= 3 * k)
        {
            ct.ThrowIfCancellationRequested();
            Centroid(points, dimensions, remaining, centroid);
            var r = Farthest(points, dimensions, remaining, centroid);
            var rPoint = points.Slice(r * dimensions, dimensions).ToArray();
            var s = Farthest(points, dimensions, remaining, rPoint);
            var sPoint = points.Slice(s * dimensions, dimensions).ToArray();
            TakeNearest(points, dimensions, remaining, rPoint, k, group, next++, distances);
            TakeNearest(points, dimensions, remaining, sPoint, k, group, next++, distances);
        }
        if (remaining.Count >= 2 * k)
        {
            Centroid(points, dimensions, remaining, centroid);
            var r = Farthest(points, dimensions, remaining, centroid);
            TakeNearest(points, dimensions, remaining, points.Slice(r * dimensions, dimensions).ToArray(), k, group, next++, distances);
        }
        foreach (var row in remaining)
        {
            group[row] = next;
        }
        return group;
    }

    private static void Centroid(ReadOnlySpan<double> points, int dimensions, List<int> rows, double[] centroid)
    {
        Array.Clear(centroid);
        foreach (var row in rows)
        {
            TensorPrimitives.Add(centroid, points.Slice(row * dimensions, dimensions), centroid);
        }
        TensorPrimitives.Divide(centroid, rows.Count, centroid);
    }

    private static int Farthest(ReadOnlySpan<double> points, int dimensions, List<int> rows, ReadOnlySpan<double> from)
    {
        var best = -1;
        var bestDistance = double.NegativeInfinity;
        foreach (var row in rows)
        {
            var d = Squared(points.Slice(row * dimensions, dimensions), from);
            if (d > bestDistance || (d == bestDistance && row < best))
            {
                best = row;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Moves the seed's k nearest remaining rows (the seed itself first, at distance 0) into group g.</summary>
    private static void TakeNearest(ReadOnlySpan<double> points, int dimensions, List<int> rows, ReadOnlySpan<double> seed, int k, int[] group, int g, double[] distances)
    {
        // The k smallest (distance, row) pairs, kept sorted by insertion: k is small.
        var best = new List<int>(k + 1);
        foreach (var row in rows)
        {
            var d = Squared(points.Slice(row * dimensions, dimensions), seed);
            distances[row] = d;
            if (best.Count == k && (d > distances[best[^1]] || (d == distances[best[^1]] && row > best[^1])))
            {
                continue;
            }
            var at = best.Count;
            while (at > 0 && (distances[best[at - 1]] > d || (distances[best[at - 1]] == d && best[at - 1] > row)))
            {
                at--;
            }
            best.Insert(at, row);
            if (best.Count > k)
            {
                best.RemoveAt(k);
            }
        }
        var chosen = best.ToHashSet();
        foreach (var row in chosen)
        {
            group[row] = g;
        }
        rows.RemoveAll(chosen.Contains);
    }

    private static double Squared(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i] - b[i];
            d += x * x;
        }
        return d;
    }
}
