using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Learning;

/// <summary>
/// The numeric training data of a model: rows of D = 1 + p inputs (a leading 1 for the intercept,
/// then the encoded features, each in [−1, 1] under declared bounds) and the encoded target
/// (a scaled value, or a class index).
/// </summary>
internal sealed class DesignMatrix
{
    public DesignMatrix(double[] x, double[] y, int rows, int width)
    {
        X = x;
        Y = y;
        Rows = rows;
        Width = width;
    }

    /// <summary>Row-major rows × <see cref="Width"/>; column 0 is the constant 1.</summary>
    public double[] X { get; }

    /// <summary>The encoded target per row (empty when the table had no target).</summary>
    public double[] Y { get; }

    public int Rows { get; }

    /// <summary>D: the intercept plus the encoded features.</summary>
    public int Width { get; }

    public ReadOnlySpan<double> Row(int i) => X.AsSpan(i * Width, Width);

    /// <summary>The rows at the given indices, in that order.</summary>
    public DesignMatrix Subset(IReadOnlyList<int> rows)
    {
        var x = new double[rows.Count * Width];
        var y = Y.Length == 0 ? [] : new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            Row(rows[i]).CopyTo(x.AsSpan(i * Width, Width));
            if (y.Length > 0)
            {
                y[i] = Y[rows[i]];
            }
        }
        return new DesignMatrix(x, y, rows.Count, Width);
    }

    /// <summary>
    /// Encodes the given rows of a table (all rows when <paramref name="rows"/> is null).
    /// With <see cref="DomainPolicy.Strict"/> a missing or unparsable value, or a category outside the
    /// encoding, is an error naming the column, the data row (1-based) and the value; with
    /// <see cref="DomainPolicy.Map"/> (DP training, after the charge) it is mapped as that policy says and
    /// nothing about it is reported.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="features">The encoded features.</param>
    /// <param name="target">The encoded target, or null.</param>
    /// <param name="rows">The rows to encode, or null for all.</param>
    /// <param name="policy">What a value outside the domain becomes.</param>
    /// <param name="imputed">Per column, the declared public value that replaces a missing one (<see cref="MissingValuePolicy.ImputePublic"/>), or null.</param>
    public static DesignMatrix Build(Table table, IReadOnlyList<EncodedColumn> features, EncodedColumn? target, IReadOnlyList<int>? rows = null,
        DomainPolicy policy = DomainPolicy.Strict, IReadOnlyDictionary<string, string>? imputed = null)
    {
        var map = policy == DomainPolicy.Map;
        var n = rows?.Count ?? table.RowCount;
        var width = 1 + features.Sum(f => f.Width);
        var x = new double[n * width];
        for (var i = 0; i < n; i++)
        {
            x[i * width] = 1;
        }
        var offset = 1;
        foreach (var feature in features)
        {
            var column = Find(table, feature.Column);
            var replacement = imputed?.GetValueOrDefault(feature.Column);
            if (feature.Categories is { } categories)
            {
                var index = CategoryIndex(column, categories, replacement);
                for (var i = 0; i < n; i++)
                {
                    var r = rows?[i] ?? i;
                    var k = index[column.Codes[r]];
                    if (k < 0)
                    {
                        k = map ? 0 : throw OutsideCategories(column, r, categories);
                    }
                    if (k > 0)
                    {
                        x[(i * width) + offset + k - 1] = 1;
                    }
                }
            }
            else
            {
                var values = NumericValues(column, replacement);
                for (var i = 0; i < n; i++)
                {
                    var r = rows?[i] ?? i;
                    var v = values[column.Codes[r]];
                    if (double.IsNaN(v))
                    {
                        v = map ? feature.Center : throw NotANumber(column, r);
                    }
                    x[(i * width) + offset] = feature.ScaleValue(v);
                }
            }
            offset += feature.Width;
        }
        var y = Array.Empty<double>();
        if (target is not null)
        {
            y = new double[n];
            var column = Find(table, target.Column);
            var replacement = imputed?.GetValueOrDefault(target.Column);
            if (target.Categories is { } classes)
            {
                var index = CategoryIndex(column, classes, replacement);
                for (var i = 0; i < n; i++)
                {
                    var r = rows?[i] ?? i;
                    y[i] = index[column.Codes[r]] is var k && k >= 0 ? k : map ? 0 : throw OutsideCategories(column, r, classes);
                }
            }
            else
            {
                var values = NumericValues(column, replacement);
                for (var i = 0; i < n; i++)
                {
                    var r = rows?[i] ?? i;
                    var v = values[column.Codes[r]];
                    y[i] = !double.IsNaN(v) ? target.ScaleValue(v) : map ? target.ScaleValue(target.Center) : throw NotANumber(column, r);
                }
            }
        }
        return new DesignMatrix(x, y, n, width);
    }

    public static Column Find(Table table, string name) =>
        table.TryGetColumn(name, out var column)
            ? column
            : throw new LearningException($"Unknown column '{name}'. The table has: {string.Join(", ", table.ColumnNames)}.");

    /// <summary>The numeric value of each dictionary entry (NaN for a non-numeric one; a missing one is <paramref name="missing"/>, or NaN).</summary>
    public static double[] NumericValues(Column column, string? missing = null)
    {
        var values = new double[column.DistinctCount];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = (column.Dictionary[c] ?? missing) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : double.NaN;
        }
        return values;
    }

    private static int[] CategoryIndex(Column column, IReadOnlyList<string> categories, string? missing)
    {
        var index = new int[column.DistinctCount];
        for (var c = 0; c < index.Length; c++)
        {
            index[c] = (column.Dictionary[c] ?? missing) is { } value ? IndexOf(categories, value) : -1;
        }
        return index;
    }

    private static int IndexOf(IReadOnlyList<string> categories, string value)
    {
        for (var i = 0; i < categories.Count; i++)
        {
            if (categories[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    private static LearningException OutsideCategories(Column column, int row, IReadOnlyList<string> categories) =>
        new(column[row] is { } value
            ? $"Column '{column.Name}', row {row + 1}: the value '{value}' is not one of the declared categories [{string.Join(", ", categories)}]."
            : $"Column '{column.Name}', row {row + 1}: the value is missing (expected one of [{string.Join(", ", categories)}]; or train with `missing` drop or impute-public).");

    private static LearningException NotANumber(Column column, int row) =>
        new(column[row] is { } value
            ? $"Column '{column.Name}', row {row + 1}: '{value}' is not a number."
            : $"Column '{column.Name}', row {row + 1}: the value is missing; models need a number in every row (or train with `missing` drop or impute-public).");
}
