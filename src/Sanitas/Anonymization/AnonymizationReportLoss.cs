namespace Sanitas.Anonymization;

/// <summary>The information loss of an anonymization under the metric the search minimized.</summary>
/// <param name="Metric">The metric's configuration name, such as <c>non-uniform-entropy</c>.</param>
/// <param name="Value">The loss (lower is better).</param>
/// <param name="Maximum">The loss of the most general transformation with nothing suppressed, when known.</param>
/// <param name="Percent"><paramref name="Value"/> as a percentage of <paramref name="Maximum"/>, when known.</param>
public sealed record AnonymizationReportLoss(string Metric, double Value, double? Maximum = null, double? Percent = null);
