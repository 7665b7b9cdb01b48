namespace Sanitas.Learning;

/// <summary>One line of an experiment's results: a mechanism at one ε, the mean and standard deviation of the metric over the repeats.</summary>
/// <param name="Mechanism">The mechanism (none: non-private).</param>
/// <param name="Epsilon">ε.</param>
/// <param name="Metric">mse (regression) or accuracy (classification).</param>
/// <param name="Mean">The mean over the repeats of the cross-validated metric.</param>
/// <param name="Std">The sample standard deviation over the repeats (0 with one repeat).</param>
public sealed record ExperimentRow(string Mechanism, double Epsilon, string Metric, double Mean, double Std)
{
    /// <summary>For classification: the mean over the repeats of the cross-validated ROC AUC (threshold-free, so it separates models that a skewed class balance gives the same accuracy); otherwise <see langword="null"/>.</summary>
    public double? Auc { get; init; }

    /// <summary>The sample standard deviation of <see cref="Auc"/> over the repeats.</summary>
    public double? AucStd { get; init; }
}
