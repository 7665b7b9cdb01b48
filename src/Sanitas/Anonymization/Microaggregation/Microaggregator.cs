using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Anonymization.Microaggregation;

/// <summary>
/// Microaggregation of numeric quasi-identifiers with <see cref="Mdav"/>: top and bottom coding first, then MDAV
/// groups of at least k records (within each stratum), then each value replaced by its group's mean. Every
/// combination of aggregated values is then shared by at least k records (Domingo-Ferrer and Torra 2005).
/// </summary>
public static class Microaggregator
{
    /// <summary>Microaggregates the columns of <paramref name="options"/> in <paramref name="table"/>.</summary>
    /// <exception cref="AnonymizationException">A column is missing or not numeric, a value is missing, or a stratum has fewer than k records; the message names the column and row.</exception>
    public static MicroaggregationResult Apply(Table table, MicroaggregationOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        if (options.K < 1)
        {
            throw new AnonymizationException($"Microaggregation: k must be at least 1 (got {options.K}).");
        }
        if (options.Columns.Count == 0)
        {
            throw new AnonymizationException("Microaggregation: no columns given.");
        }
        var n = table.RowCount;
        var d = options.Columns.Count;
        var values = new double[n * d];
        int topCoded = 0, bottomCoded = 0;
        for (var j = 0; j < d; j++)
        {
            var name = options.Columns[j];
            if (!table.TryGetColumn(name, out var column))
            {
                throw new AnonymizationException($"Microaggregation: no column '{name}' (columns: {string.Join(", ", table.ColumnNames)}).");
            }
            var top = options.TopCodes.TryGetValue(name, out var t) ? t : double.PositiveInfinity;
            var bottom = options.BottomCodes.TryGetValue(name, out var b) ? b : double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                var text = column[i];
                if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                {
                    throw new AnonymizationException($"Microaggregation: column '{name}', row {i + 1}: '{text}' is not a number (missing values cannot be aggregated).");
                }
                if (x > top)
                {
                    x = top;
                    topCoded++;
                }
                else if (x < bottom)
                {
                    x = bottom;
                    bottomCoded++;
                }
                values[i * d + j] = x;
            }
        }
        var scaled = options.Standardize ? Standardized(values, n, d) : values;
        var strata = Strata(table, options.Strata, n);
        var groupOf = new int[n];
        var groups = 0;
        foreach (var rows in strata)
        {
            ct.ThrowIfCancellationRequested();
            if (rows.Count < options.K)
            {
                throw new AnonymizationException($"Microaggregation: a stratum of {string.Join(", ", options.Strata)} has {rows.Count} records, fewer than k = {options.K} (row {rows[0] + 1}); generalize the strata columns further first.");
            }
            var sub = new double[rows.Count * d];
            for (var i = 0; i < rows.Count; i++)
            {
                Array.Copy(scaled, rows[i] * d, sub, i * d, d);
            }
            var local = Mdav.Partition(sub, rows.Count, d, options.K, ct);
            for (var i = 0; i < rows.Count; i++)
            {
                groupOf[rows[i]] = groups + local[i];
            }
            groups += local.Length == 0 ? 0 : local.Max() + 1;
        }
        // Group means of the (coded, unscaled) values replace the values.
        var sums = new double[groups * d];
        var sizes = new int[groups];
        for (var i = 0; i < n; i++)
        {
            sizes[groupOf[i]]++;
            for (var j = 0; j < d; j++)
            {
                sums[groupOf[i] * d + j] += values[i * d + j];
            }
        }
        var result = table;
        for (var j = 0; j < d; j++)
        {
            var jj = j;
            var means = Enumerable.Range(0, n).Select(i => Math.Round(sums[groupOf[i] * d + jj] / sizes[groupOf[i]], options.Decimals).ToString("R", CultureInfo.InvariantCulture));
            result = result.WithColumn(Column.FromValues(options.Columns[j], means.ToList(), ColumnType.Decimal));
        }
        return new MicroaggregationResult(result, groups, sizes.Length == 0 ? 0 : sizes.Min(), sizes.Length == 0 ? 0 : sizes.Max(),
            InformationLoss(scaled, groupOf, groups, n, d), topCoded, bottomCoded);
    }

    /// <summary>SSE/SST of the partition on the given coordinates.</summary>
    internal static double InformationLoss(double[] x, int[] groupOf, int groups, int n, int d)
    {
        var mean = new double[d];
        var groupMean = new double[groups * d];
        var sizes = new int[groups];
        for (var i = 0; i < n; i++)
        {
            sizes[groupOf[i]]++;
            for (var j = 0; j < d; j++)
            {
                mean[j] += x[i * d + j] / n;
                groupMean[groupOf[i] * d + j] += x[i * d + j];
            }
        }
        for (var g = 0; g < groups; g++)
        {
            for (var j = 0; j < d; j++)
            {
                groupMean[g * d + j] /= sizes[g];
            }
        }
        double sse = 0, sst = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                var v = x[i * d + j];
                sse += Math.Pow(v - groupMean[groupOf[i] * d + j], 2);
                sst += Math.Pow(v - mean[j], 2);
            }
        }
        return sst == 0 ? 0 : sse / sst;
    }

    private static double[] Standardized(double[] values, int n, int d)
    {
        var scaled = (double[])values.Clone();
        for (var j = 0; j < d; j++)
        {
            double mean = 0, sq = 0;
            for (var i = 0; i < n; i++)
            {
                mean += values[i * d + j] / n;
            }
            for (var i = 0; i < n; i++)
            {
                sq += Math.Pow(values[i * d + j] - mean, 2);
            }
            var sd = n > 1 ? Math.Sqrt(sq / (n - 1)) : 0;
            for (var i = 0; i < n; i++)
            {
                scaled[i * d + j] = sd > 0 ? (values[i * d + j] - mean) / sd : 0;
            }
        }
        return scaled;
    }

    private static List<List<int>> Strata(Table table, IReadOnlyList<string> columns, int n)
    {
        if (columns.Count == 0)
        {
            return [Enumerable.Range(0, n).ToList()];
        }
        var codes = columns.Select(name => table.TryGetColumn(name, out var c) ? c : throw new AnonymizationException($"Microaggregation: no strata column '{name}'.")).ToList();
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var key = string.Join('\u001F', codes.Select(c => c.Codes[i].ToString(CultureInfo.InvariantCulture)));
            if (!byKey.TryGetValue(key, out var rows))
            {
                byKey[key] = rows = [];
            }
            rows.Add(i);
        }
        return byKey.Values.ToList();
    }
}
