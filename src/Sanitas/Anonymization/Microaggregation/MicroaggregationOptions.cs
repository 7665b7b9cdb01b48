namespace Sanitas.Anonymization.Microaggregation;

/// <summary>What <see cref="Microaggregator"/> does to a table.</summary>
public sealed record MicroaggregationOptions
{
    /// <summary>The numeric quasi-identifiers aggregated together (MDAV on their joint vectors).</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The smallest group size.</summary>
    public required int K { get; init; }

    /// <summary>Whether columns are scaled to mean 0 and standard deviation 1 before distances are taken (as sdcMicro does), so no unit dominates.</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>
    /// Columns whose value combinations form strata: records are grouped only within a stratum. Used after
    /// generalization of the other quasi-identifiers (their equivalence classes as strata), the output stays
    /// k-anonymous over all of them when every stratum has at least k records.
    /// </summary>
    public IReadOnlyList<string> Strata { get; init; } = [];

    /// <summary>Top coding: values above the threshold are replaced by it (before aggregation).</summary>
    public IReadOnlyDictionary<string, double> TopCodes { get; init; } = new Dictionary<string, double>();

    /// <summary>Bottom coding: values below the threshold are replaced by it (before aggregation).</summary>
    public IReadOnlyDictionary<string, double> BottomCodes { get; init; } = new Dictionary<string, double>();

    /// <summary>Decimal places of the written group means.</summary>
    public int Decimals { get; init; } = 4;
}
