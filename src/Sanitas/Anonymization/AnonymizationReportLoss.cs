namespace Sanitas.Anonymization;

/// <summary>The information loss of an anonymization under the metric the search minimized.</summary>
/// <param name="Metric">The metric's configuration name, such as <c>non-uniform-entropy</c>.</param>
/// <param name="Value">The loss (lower is better).</param>
public sealed record AnonymizationReportLoss(string Metric, double Value);
