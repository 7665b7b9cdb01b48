using System.Text.Json.Serialization;

namespace Sanitas.Risk;

/// <summary>
/// A re-identification risk summarized over the records: the highest per-record risk, the
/// average, and the share of records whose risk exceeds a threshold. For the prosecutor model a
/// record's risk is 1/|its class| (El Emam and Dankar 2008, "Protecting Privacy Using
/// k-Anonymity", JAMIA 15(5)); for the journalist model the class size is taken from the population.
/// </summary>
/// <param name="Highest">The largest per-record risk (ARX: <c>getHighestRisk</c>).</param>
/// <param name="Average">The mean per-record risk; for the prosecutor model #classes/#records (ARX: <c>getAverageRisk</c>, the "prosecutor success rate").</param>
/// <param name="RecordsAtRisk">The share of records whose risk is strictly above <paramref name="Threshold"/>.</param>
/// <param name="Threshold">The per-record risk above which a record counts as at risk (not written in a <see cref="RiskReport"/>'s sections: the report states it once).</param>
public sealed record ReidentificationRisk(double Highest, double Average, double RecordsAtRisk, [property: JsonIgnore] double Threshold)
{
    /// <summary>The risk when every record's class has the given sizes (one entry per record's class).</summary>
    /// <param name="sampleSizes">The size of each class in the sample (its number of records).</param>
    /// <param name="riskSizes">The size that sets each class's risk: the sample size (prosecutor) or the population size (journalist).</param>
    /// <param name="threshold">The per-record risk above which a record counts as at risk.</param>
    internal static ReidentificationRisk From(ReadOnlySpan<int> sampleSizes, ReadOnlySpan<int> riskSizes, double threshold)
    {
        long records = 0;
        long atRisk = 0;
        var highest = 0d;
        var sum = 0d;
        for (var c = 0; c < sampleSizes.Length; c++)
        {
            var risk = 1d / riskSizes[c];
            records += sampleSizes[c];
            sum += sampleSizes[c] * risk;
            highest = Math.Max(highest, risk);
            if (risk > threshold)
            {
                atRisk += sampleSizes[c];
            }
        }
        return records == 0
            ? new ReidentificationRisk(0, 0, 0, threshold)
            : new ReidentificationRisk(highest, sum / records, (double)atRisk / records, threshold);
    }
}
