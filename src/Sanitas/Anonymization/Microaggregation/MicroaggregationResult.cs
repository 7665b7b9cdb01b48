using Sanitas.Data;

namespace Sanitas.Anonymization.Microaggregation;

/// <summary>The microaggregated table and what it cost.</summary>
/// <param name="Table">The input with each aggregated column replaced by its group means.</param>
/// <param name="Groups">The number of groups.</param>
/// <param name="SmallestGroup">The size of the smallest group (at least k).</param>
/// <param name="LargestGroup">The size of the largest group.</param>
/// <param name="InformationLoss">SSE/SST on the (standardized) columns: the within-group share of the total sum of squares (Domingo-Ferrer and Mateo-Sanz 2002), 0 = no loss.</param>
/// <param name="TopCoded">Values replaced by a top code.</param>
/// <param name="BottomCoded">Values replaced by a bottom code.</param>
public sealed record MicroaggregationResult(Table Table, int Groups, int SmallestGroup, int LargestGroup, double InformationLoss, int TopCoded, int BottomCoded);
