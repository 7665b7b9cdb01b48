namespace Sanitas.Anonymization;

/// <summary>
/// Attribute weights of the utility metrics, scaled as ARX scales them (<c>AbstractMetricMultiDimensional</c>):
/// every weight divided by the largest, so the most important attribute counts fully and the others
/// proportionally less; equal weights leave every metric as it is unweighted. Sums (non-uniform entropy,
/// height) and the arithmetic mean (precision) multiply each attribute's loss by its weight, as ARX does;
/// the geometric mean (loss) uses the weights as exponents (see <see cref="ClassMetricEvaluator"/>).
/// </summary>
internal static class MetricWeights
{
    public static double[] Uniform(int dimensions)
    {
        var weights = new double[dimensions];
        Array.Fill(weights, 1d);
        return weights;
    }

    /// <summary>The weights scaled so that the largest is 1.</summary>
    public static double[] Normalize(IReadOnlyList<double> weights)
    {
        var max = weights.Count == 0 ? 0 : weights.Max();
        return max <= 0 ? Uniform(weights.Count) : weights.Select(w => w / max).ToArray();
    }

    /// <summary>Whether the weights are all equal (then no metric changes).</summary>
    public static bool AreUniform(IReadOnlyList<double> weights) => weights.Count == 0 || weights.All(w => w == weights[0]);
}
