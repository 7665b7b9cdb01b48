using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Learning;

/// <summary>
/// Chooses how each used column enters a model: declared bounds when the bounds file has the
/// column (clamped to [−1, 1], or a declared category set); otherwise, only for non-private
/// training, standardization (mean, standard deviation) or the categories seen in the data.
/// A DP mechanism with a used column lacking bounds is an error naming the column.
/// </summary>
internal static class ModelEncoder
{
    public static (IReadOnlyList<EncodedColumn> Features, EncodedColumn Target) Encode(
        Table table, string target, IReadOnlyList<string> features, LearningBounds bounds, bool isPrivate, bool classification, IReadOnlyList<int>? rows = null)
    {
        var encodedFeatures = features.Select(f => EncodeColumn(table, f, bounds, isPrivate, categorical: null, rows)).ToList();
        var encodedTarget = EncodeColumn(table, target, bounds, isPrivate, categorical: classification, rows);
        if (classification && encodedTarget.Categories!.Count != 2)
        {
            throw new LearningException($"The target '{target}' of a classifier must have exactly two classes; it has {encodedTarget.Categories.Count}: [{string.Join(", ", encodedTarget.Categories)}].");
        }
        return (encodedFeatures, encodedTarget);
    }

    /// <summary>The feature columns: the given ones, or every column except the target and the unit column.</summary>
    public static IReadOnlyList<string> FeatureColumns(Table table, string target, IReadOnlyList<string>? features, string? unit)
    {
        DesignMatrix.Find(table, target);
        if (unit is not null)
        {
            DesignMatrix.Find(table, unit);
        }
        var list = features is { Count: > 0 }
            ? features.ToList()
            : table.ColumnNames.Where(c => c != target && c != unit).ToList();
        foreach (var f in list)
        {
            DesignMatrix.Find(table, f);
            if (f == target)
            {
                throw new LearningException($"The target '{target}' cannot also be a feature.");
            }
        }
        if (list.Count == 0)
        {
            throw new LearningException($"No feature columns: the table has only the target '{target}'.");
        }
        return list;
    }

    private static EncodedColumn EncodeColumn(Table table, string name, LearningBounds bounds, bool isPrivate, bool? categorical, IReadOnlyList<int>? rows)
    {
        var column = DesignMatrix.Find(table, name);
        if (bounds[name] is { } declared)
        {
            if (declared.Categories is { } categories)
            {
                return new EncodedColumn(name, 0, 1, false, categories);
            }
            if (categorical == true)
            {
                throw new LearningException($"The target '{name}' of a classifier needs its classes declared in {Source(bounds)} (e.g. '{name}: [neg, pos]' or '{name}: {{ categories: [0, 1] }}'), not a numeric range.");
            }
            return new EncodedColumn(name, (declared.Min + declared.Max) / 2, (declared.Max - declared.Min) / 2, true, null);
        }
        if (isPrivate)
        {
            throw new LearningException($"Column '{name}' is used by the model but has no bounds in {Source(bounds)}; a DP mechanism needs declared bounds (e.g. '{name}: [min, max]' or '{name}: [category, ...]') for every used column.");
        }
        var values = DesignMatrix.NumericValues(column);
        var numeric = column.Type is ColumnType.Integer or ColumnType.Decimal
            || Enumerable.Range(0, column.DistinctCount).All(c => column.Dictionary[c] is null || !double.IsNaN(values[c]));
        if (categorical == true || (categorical is null && !numeric))
        {
            var seen = (rows is null ? column.Dictionary : rows.Select(r => column[r]).Distinct(StringComparer.Ordinal)).Where(v => v is not null).Select(v => v!).ToList();
            seen.Sort(numeric
                ? Comparer<string>.Create((a, b) => double.Parse(a, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, CultureInfo.InvariantCulture)))
                : StringComparer.Ordinal);
            if (seen.Count < 2)
            {
                throw new LearningException($"Column '{name}' has fewer than two distinct values; it cannot be {(categorical == true ? "a classification target" : "a categorical feature")}.");
            }
            return new EncodedColumn(name, 0, 1, false, seen);
        }
        // Non-private: standardize with the data's own mean and standard deviation (of the rows used).
        double sum = 0, sumSquares = 0;
        var codes = column.Codes;
        var count = rows?.Count ?? codes.Length;
        for (var i = 0; i < count; i++)
        {
            var v = values[codes[rows?[i] ?? i]];
            sum += v;
            sumSquares += v * v;
        }
        var n = Math.Max(1, count);
        var mean = sum / n;
        var sd = Math.Sqrt(Math.Max(0, (sumSquares / n) - (mean * mean)));
        return new EncodedColumn(name, double.IsFinite(mean) ? mean : 0, sd > 0 && double.IsFinite(sd) ? sd : 1, false, null);
    }

    private static string Source(LearningBounds bounds) => string.IsNullOrEmpty(bounds.SourceName) ? "the bounds" : bounds.SourceName;
}
