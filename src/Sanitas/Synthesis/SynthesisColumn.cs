using System.Globalization;

namespace Sanitas.Synthesis;

/// <summary>
/// One column's declared public domain: a list of categories, or bins over a numeric or date range.
/// The domain is never read from the data: a value outside it is clamped to the nearest bin (numbers,
/// dates) or mapped to <see cref="Fallback"/> (categories, and values that do not parse).
/// </summary>
/// <param name="Name">The column's name in the input table.</param>
/// <param name="Kind">Categorical, integer, real or date.</param>
/// <param name="Categories">The categories (categorical columns), or the bins' labels (others).</param>
/// <param name="Edges">Bin edges (numeric and date columns; dates as day numbers): bin i is [Edges[i], Edges[i+1]), the last bin also holds its upper edge. Empty for categories.</param>
/// <param name="Fallback">The cell (index into <see cref="Categories"/>) that takes values outside the categories or that do not parse.</param>
public sealed record SynthesisColumn(string Name, SynthesisColumnKind Kind, IReadOnlyList<string> Categories, IReadOnlyList<double> Edges, int Fallback)
{
    /// <summary>The number of cells of this column in every marginal.</summary>
    public int Size => Categories.Count;

    /// <summary>A categorical column.</summary>
    public static SynthesisColumn Categorical(string name, IReadOnlyList<string> categories, int fallback = 0) =>
        new(name, SynthesisColumnKind.Categorical, categories, [], fallback);

    /// <summary>A binned numeric or date column; bins are labelled by their ranges.</summary>
    public static SynthesisColumn Binned(string name, SynthesisColumnKind kind, IReadOnlyList<double> edges, int fallback = 0)
    {
        var labels = new string[edges.Count - 1];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = kind switch
            {
                SynthesisColumnKind.Date => $"[{Day(edges[i])}, {Day(edges[i + 1])})",
                _ => string.Create(CultureInfo.InvariantCulture, $"[{edges[i]:G10}, {edges[i + 1]:G10})"),
            };
        }
        return new(name, kind, labels, edges, fallback);
    }

    /// <summary>The cell of a value: clamped into the range for numbers and dates, the fallback for anything else.</summary>
    /// <param name="value">A value as read from the table (null when missing).</param>
    /// <param name="categoryIndex">The categories' lookup (categorical columns only).</param>
    internal int CellOf(string? value, IReadOnlyDictionary<string, int>? categoryIndex)
    {
        if (value is null)
        {
            return Fallback;
        }
        switch (Kind)
        {
            case SynthesisColumnKind.Categorical:
                return categoryIndex!.TryGetValue(value, out var c) ? c : Fallback;
            case SynthesisColumnKind.Date:
                return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? BinOf(d.DayNumber)
                    : Fallback;
            default:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && !double.IsNaN(x)
                    ? BinOf(x)
                    : Fallback;
        }
    }

    /// <summary>The bin of a number, clamped to the first or last bin.</summary>
    internal int BinOf(double x)
    {
        var edges = Edges;
        if (x < edges[1])
        {
            return 0;
        }
        if (x >= edges[^2])
        {
            return edges.Count - 2;
        }
        int lo = 1, hi = edges.Count - 2;
        // Invariant: edges[lo] <= x < edges[hi + 1].
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (edges[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static string Day(double dayNumber) =>
        DateOnly.FromDayNumber((int)dayNumber).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
