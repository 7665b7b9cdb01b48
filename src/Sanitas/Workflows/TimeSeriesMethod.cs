namespace Sanitas.Workflows;

/// <summary>How <see cref="TimeSeriesAnonymizer"/> anonymizes series per person.</summary>
public enum TimeSeriesMethod
{
    /// <summary>Aggregation to windows (Piecewise Aggregate Approximation): one released trace per person, coarser in time. Not anonymization on its own.</summary>
    Paa,

    /// <summary>k-anonymous traces: each released trace is the centroid of a group of at least k persons (greedy k-member clustering), with a distortion bound.</summary>
    KAnonymity,

    /// <summary>A differentially private release of per-window statistics (persons and mean per window), charged to a ledger first.</summary>
    DifferentialPrivacy,
}
