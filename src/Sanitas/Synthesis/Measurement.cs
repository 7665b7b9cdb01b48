namespace Sanitas.Synthesis;

/// <summary>
/// A noisy marginal: y = x + noise over the cells of the attributes, with noise of standard
/// deviation <see cref="Sigma"/> / <c>Weights[i]</c> in cell i (all weights 1 unless cells were
/// merged, when a merged cell's noise grows with the square root of the cells it holds).
/// </summary>
internal sealed record Measurement(int[] Attributes, double[] Values, double Sigma, double[]? Weights = null)
{
    public double Weight(int cell) => Weights is null ? 1 : Weights[cell];

    /// <summary>The variance of the measured total Σ y.</summary>
    public double TotalVariance()
    {
        var v = 0.0;
        for (var i = 0; i < Values.Length; i++)
        {
            var s = Sigma / Weight(i);
            v += s * s;
        }
        return v;
    }
}
