using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>The chosen transformation, its cost and the anonymized table.</summary>
public sealed record AnonymizationResult
{
    /// <summary>The generalization level of every quasi-identifier, in the table's column order.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> Transformation { get; init; }

    /// <summary>The maximum level of every quasi-identifier, in the same order.</summary>
    public required IReadOnlyList<int> MaxLevels { get; init; }

    /// <summary>Records whose quasi-identifiers were suppressed (written as <c>*</c>).</summary>
    public required int SuppressedRecords { get; init; }

    /// <summary>The metric the search minimized.</summary>
    public required UtilityMetric Metric { get; init; }

    /// <summary>The information loss of the transformation under <see cref="Metric"/>.</summary>
    public required double InformationLoss { get; init; }

    /// <summary>The loss under <see cref="Metric"/> of the most general transformation with nothing suppressed (every quasi-identifier at its hierarchy's top).</summary>
    public required double MaximumInformationLoss { get; init; }

    /// <summary><see cref="InformationLoss"/> as a percentage of <see cref="MaximumInformationLoss"/> (0 when the maximum is 0).</summary>
    public double InformationLossPercent => MaximumInformationLoss == 0 ? 0 : 100 * InformationLoss / MaximumInformationLoss;

    /// <summary>Each quasi-identifier's level, weight and own loss, in the table's column order.</summary>
    public required IReadOnlyList<AttributeLoss> Attributes { get; init; }

    /// <summary>What the steward should look at before releasing the output (a fully generalized attribute, heavy suppression); empty when nothing stands out.</summary>
    public required IReadOnlyList<AnonymizationWarning> Warnings { get; init; }

    /// <summary>Every utility metric of the result, by configuration name (e.g. <c>discernibility</c>).</summary>
    public required IReadOnlyDictionary<string, double> Utility { get; init; }

    /// <summary>Released (not suppressed) equivalence classes.</summary>
    public required int EquivalenceClasses { get; init; }

    /// <summary>The size of the smallest released class (0 when everything is suppressed).</summary>
    public required int SmallestClass { get; init; }

    /// <summary>Nodes checked against the data.</summary>
    public required int NodesChecked { get; init; }

    /// <summary>Nodes in the generalization lattice.</summary>
    public required long LatticeSize { get; init; }

    /// <summary>Whether the search covered the whole lattice, so the transformation is optimal for the metric.</summary>
    public required bool IsOptimal { get; init; }

    /// <summary>
    /// The search that ran: <see cref="SearchMode.Optimal"/>, <see cref="SearchMode.Heuristic"/> or <see cref="SearchMode.Lightning"/>
    /// (<see cref="SearchMode.Auto"/> resolves to Lightning when the lattice has more nodes than <see cref="AnonymizationConfig.OptimalSearchLimit"/>).
    /// </summary>
    public SearchMode SearchUsed { get; init; } = SearchMode.Optimal;

    /// <summary>Wall-clock time of preparation and search.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The anonymized table: identifying attributes removed, quasi-identifiers generalized, suppressed records' quasi-identifiers as <c>*</c>.</summary>
    public required Table Output { get; init; }

    /// <summary>The transformation as levels, in order.</summary>
    public IReadOnlyList<int> Levels => Transformation.Select(t => t.Value).ToArray();
}
