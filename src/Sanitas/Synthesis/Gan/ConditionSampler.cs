namespace Sanitas.Synthesis.Gan;

/// <summary>
/// CTGAN's conditional vector (Xu et al. 2019, §4.3) drawn without reading the data: a column uniformly,
/// then one of its cells with the probabilities of its <em>noisy</em> 1-way marginal (negative noisy
/// counts as 0; a column whose noisy counts are all ≤ 0 is uniform). It is built from the released
/// marginals only — it has no access to the data — so its draws are post-processing. CTGAN samples
/// conditions by the data's log-frequencies and then a real row with that category; with DP-SGD the
/// real rows must be Poisson-sampled instead, so the real side's condition is read off the sampled row
/// and the generator's follows the noisy frequencies, which the real side's match in expectation.
/// </summary>
internal sealed class ConditionSampler
{
    private readonly double[][] _cumulative;

    /// <param name="noisyCounts">One noisy 1-way marginal per column (a DP release).</param>
    public ConditionSampler(IReadOnlyList<double[]> noisyCounts)
    {
        _cumulative = new double[noisyCounts.Count][];
        Probabilities = new double[noisyCounts.Count][];
        for (var c = 0; c < noisyCounts.Count; c++)
        {
            var counts = noisyCounts[c];
            var total = counts.Sum(x => Math.Max(0, x));
            var p = total > 0 ? counts.Select(x => Math.Max(0, x) / total).ToArray() : [.. Enumerable.Repeat(1.0 / counts.Length, counts.Length)];
            Probabilities[c] = p;
            var cumulative = new double[p.Length];
            var sum = 0.0;
            for (var k = 0; k < p.Length; k++)
            {
                sum += p[k];
                cumulative[k] = sum;
            }
            _cumulative[c] = cumulative;
        }
    }

    /// <summary>The cell probabilities of each column.</summary>
    public double[][] Probabilities { get; }

    /// <summary>A (column, cell) condition.</summary>
    public (int Column, int Cell) Sample(BufferedRandom random)
    {
        var column = random.Below(_cumulative.Length);
        var cumulative = _cumulative[column];
        var u = random.NextDouble() * cumulative[^1];
        var cell = Array.BinarySearch(cumulative, u);
        cell = cell < 0 ? ~cell : cell + 1;
        return (column, Math.Min(cell, cumulative.Length - 1));
    }
}
