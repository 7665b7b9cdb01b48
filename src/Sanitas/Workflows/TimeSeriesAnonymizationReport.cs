namespace Sanitas.Workflows;

/// <summary>What a time-series anonymization released and, when evaluated, what it cost and protected.</summary>
/// <param name="Method">The method.</param>
/// <param name="Audience">"data owner" when the report compares with the data; "analyst" for a DP release's report.</param>
/// <param name="Output">The released CSV.</param>
/// <param name="Window">Points per window (1: none; DP by hour: 0).</param>
/// <param name="Length">Points of each series used.</param>
public sealed record TimeSeriesAnonymizationReport(TimeSeriesMethod Method, string Audience, string Output, int Window, int Length)
{
    /// <summary>Persons (series) read; null in an analyst's DP report (it would depend on the data).</summary>
    public int? Series { get; init; }

    /// <summary>k-anonymity: k.</summary>
    public int? K { get; init; }

    /// <summary>k-anonymity: released groups.</summary>
    public int? Groups { get; init; }

    /// <summary>k-anonymity: the smallest released group.</summary>
    public int? SmallestGroup { get; init; }

    /// <summary>k-anonymity: persons in suppressed groups.</summary>
    public int? Suppressed { get; init; }

    /// <summary>k-anonymity: the declared distortion limit.</summary>
    public double? MaxDistortion { get; init; }

    /// <summary>k-anonymity: the distortion bound, the largest RMSE per point between a released person's trace and their released trace.</summary>
    public double? DistortionBound { get; init; }

    /// <summary>RMSE per point between released (stretched back) and original values, over released persons.</summary>
    public double? RmsePerPoint { get; init; }

    /// <summary>The largest absolute error of the mean curve (mean over persons per point index; DP: per window).</summary>
    public double? MeanCurveMaxError { get; init; }

    /// <summary>The largest absolute error of the per-hour mean curve (ISO 8601 times only).</summary>
    public double? PerHourMeanCurveMaxError { get; init; }

    /// <summary>DP: ε charged.</summary>
    public double? Epsilon { get; init; }

    /// <summary>DP: δ charged (0: the Laplace mechanism).</summary>
    public double? Delta { get; init; }

    /// <summary>DP: the ledger entry's id, if charged.</summary>
    public long? LedgerEntry { get; init; }

    /// <summary>The DTW attack on the original traces.</summary>
    public TimeSeriesAttackOutcome? AttackBefore { get; init; }

    /// <summary>The DTW attack on the release.</summary>
    public TimeSeriesAttackOutcome? AttackAfter { get; init; }

    /// <summary>Remarks (what the numbers mean).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
