namespace Sanitas.Learning;

/// <summary>
/// A Gaussian naive Bayes model in the scaled input space: per class its prior probability, and
/// per class and input the mean and variance.
/// </summary>
/// <param name="Priors">The class probabilities, in the target's class order.</param>
/// <param name="Means">Means[class][input].</param>
/// <param name="Variances">Variances[class][input], positive.</param>
public sealed record NaiveBayesParameters(IReadOnlyList<double> Priors, IReadOnlyList<IReadOnlyList<double>> Means, IReadOnlyList<IReadOnlyList<double>> Variances)
{
    /// <summary>The probability of the last class for one scaled input row (without the leading 1).</summary>
    public double ProbabilityOfLast(ReadOnlySpan<double> inputs)
    {
        Span<double> logs = stackalloc double[Priors.Count];
        for (var c = 0; c < Priors.Count; c++)
        {
            var log = Math.Log(Math.Max(Priors[c], 1e-300));
            for (var j = 0; j < inputs.Length; j++)
            {
                var v = Variances[c][j];
                var diff = inputs[j] - Means[c][j];
                log -= (0.5 * Math.Log(2 * Math.PI * v)) + (diff * diff / (2 * v));
            }
            logs[c] = log;
        }
        var max = double.NegativeInfinity;
        foreach (var l in logs)
        {
            max = Math.Max(max, l);
        }
        double total = 0;
        foreach (var l in logs)
        {
            total += Math.Exp(l - max);
        }
        return Math.Exp(logs[^1] - max) / total;
    }
}
