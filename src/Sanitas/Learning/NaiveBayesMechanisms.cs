namespace Sanitas.Learning;

/// <summary>
/// Gaussian naive Bayes on encoded inputs (every input in [−1, 1]), two classes (y ∈ {0, 1}).
/// </summary>
internal static class NaiveBayesMechanisms
{
    /// <summary>Exact class frequencies, means and variances (variances floored at 1e-9 × the largest, as scikit-learn). Not private.</summary>
    public static FitResult Ordinary(DesignMatrix data, FitContext context)
    {
        var (counts, sums, squares) = Statistics(data);
        return new FitResult([], Parameters(counts, sums, squares, floorFraction: 1e-9, minimumVariance: 0));
    }

    /// <summary>
    /// DP Gaussian naive Bayes with bounded features (Vaidya, Shafiq, Basu &amp; Hong 2013,
    /// "Differentially private naive Bayes classification", WI-IAT; the sufficient-statistics form
    /// diffprivlib's GaussianNB also releases). The budget is split in three equal parts: the class
    /// counts (adding or removing a person adds or removes at most R rows: L1 sensitivity R), the
    /// per-class sums of every input (each input in [−1, 1]: L1 sensitivity R·p) and the per-class sums
    /// of squares (in [0, 1]: R·p), each with Laplace noise, ε/3-DP each, ε-DP by composition. Means and
    /// variances are computed from the noisy sums and clamped to the declared domain (post-processing).
    /// </summary>
    public static FitResult Private(DesignMatrix data, FitContext context)
    {
        var (counts, sums, squares) = Statistics(data);
        var p = data.Width - 1;
        var eps = context.Epsilon / 3;
        var r = context.MaxRowsPerUnit;
        VectorNoise.Laplace(counts, r, eps, context.Random);
        VectorNoise.Laplace(sums, (double)r * p, eps, context.Random);
        VectorNoise.Laplace(squares, (double)r * p, eps, context.Random);
        return new FitResult([], Parameters(counts, sums, squares, floorFraction: 0, minimumVariance: 1e-3));
    }

    private static (double[] Counts, double[] Sums, double[] Squares) Statistics(DesignMatrix data)
    {
        var p = data.Width - 1;
        var counts = new double[2];
        var sums = new double[2 * p];
        var squares = new double[2 * p];
        for (var i = 0; i < data.Rows; i++)
        {
            var c = (int)data.Y[i];
            counts[c]++;
            var row = data.Row(i)[1..];
            for (var j = 0; j < p; j++)
            {
                sums[(c * p) + j] += row[j];
                squares[(c * p) + j] += row[j] * row[j];
            }
        }
        return (counts, sums, squares);
    }

    private static NaiveBayesParameters Parameters(double[] counts, double[] sums, double[] squares, double floorFraction, double minimumVariance)
    {
        var p = sums.Length / 2;
        var clamped = counts.Select(c => Math.Max(c, 1)).ToArray();
        var total = clamped.Sum();
        var means = new double[2][];
        var variances = new double[2][];
        double largest = 0;
        for (var c = 0; c < 2; c++)
        {
            means[c] = new double[p];
            variances[c] = new double[p];
            for (var j = 0; j < p; j++)
            {
                var mean = Math.Clamp(sums[(c * p) + j] / clamped[c], -1, 1);
                var variance = Math.Clamp((squares[(c * p) + j] / clamped[c]) - (mean * mean), 0, 1);
                means[c][j] = mean;
                variances[c][j] = variance;
                largest = Math.Max(largest, variance);
            }
        }
        var floor = Math.Max(minimumVariance, floorFraction * largest);
        if (floor <= 0)
        {
            floor = 1e-12;
        }
        for (var c = 0; c < 2; c++)
        {
            for (var j = 0; j < p; j++)
            {
                variances[c][j] += floor;
            }
        }
        return new NaiveBayesParameters(clamped.Select(c => c / total).ToArray(), means, variances);
    }
}
