using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Collaboration;

/// <summary>
/// One centre's rows as a design matrix: an intercept column of ones, then the declared numeric features;
/// the label is 1 where it equals the declared positive value. Held only at the centre.
/// </summary>
internal sealed class SiteData
{
    public SiteData(double[] x, double[] y, int width)
    {
        X = x;
        Y = y;
        Width = width;
        Rows = y.Length;
    }

    /// <summary>Row-major, Rows × Width, first column 1.</summary>
    public double[] X { get; }

    public double[] Y { get; }

    public int Rows { get; }

    /// <summary>1 + the number of features.</summary>
    public int Width { get; }

    public ReadOnlySpan<double> Row(int i) => X.AsSpan(i * Width, Width);

    /// <summary>Reads the features and the label of a CSV; a missing or non-numeric feature is an error naming the file, line and column.</summary>
    public static SiteData Load(string path, IReadOnlyList<string> features, string label, string positive)
    {
        var table = CsvReader.Read(path);
        return FromTable(table, Path.GetFileName(path), features, label, positive);
    }

    public static SiteData FromTable(Table table, string source, IReadOnlyList<string> features, string label, string positive)
    {
        var width = features.Count + 1;
        var n = table.RowCount;
        var x = new double[n * width];
        var y = new double[n];
        var labelColumn = Column(table, source, label);
        for (var i = 0; i < n; i++)
        {
            x[i * width] = 1;
            y[i] = string.Equals(labelColumn[i], positive, StringComparison.Ordinal) ? 1 : 0;
        }
        for (var j = 0; j < features.Count; j++)
        {
            var column = Column(table, source, features[j]);
            for (var i = 0; i < n; i++)
            {
                if (column[i] is not { } text || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    // Line numbers count the header as line 1.
                    throw new CollaborationException($"{source}, line {i + 2}, column '{features[j]}': '{column[i]}' is not a number.");
                }
                x[(i * width) + j + 1] = value;
            }
        }
        return new SiteData(x, y, width);
    }

    /// <summary>The rows of fold <paramref name="fold"/> (test rows) or all but it (training rows); fold −1 is every row.</summary>
    public int[] Select(int fold, int folds, int seed, bool test)
    {
        if (fold < 0 || folds <= 1)
        {
            return test ? [] : Enumerable.Range(0, Rows).ToArray();
        }
        // Not a release path: the fold split is the experiment's structure (every site draws the same one from
        // the consortium's seed) and releases nothing; DP noise comes from SecureRandom (FederatedCoordinator).
        var (train, held) = Sanitas.Learning.CrossValidation.Splits(Rows, folds, seed).ElementAt(fold);
        return [.. (test ? held : train).Order()];
    }

    private static Column Column(Table table, string source, string name) =>
        table.TryGetColumn(name, out var column)
            ? column
            : throw new CollaborationException($"{source}: no column '{name}'; the file has {string.Join(", ", table.ColumnNames)}.");
}
