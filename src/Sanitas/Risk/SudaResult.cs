namespace Sanitas.Risk;

/// <summary>What <see cref="SpecialUniques"/> found.</summary>
/// <param name="MaxSize">The largest MSU size searched.</param>
/// <param name="Scores">Every row's SUDA score (0 for rows with no MSU and for suppressed rows).</param>
/// <param name="DisScores">Every row's DIS-SUDA score (sdcMicro's <c>disScore</c>).</param>
/// <param name="MsusBySize">The number of MSUs of each size, from size 1.</param>
/// <param name="RecordsWithMsu">Rows with at least one MSU (special uniques in the broad sense).</param>
/// <param name="AttributeContributions">Each quasi-identifier's share of the total SUDA score, in percent (sdcMicro's <c>attribute_contributions</c>).</param>
public sealed record SudaResult(
    int MaxSize,
    IReadOnlyList<double> Scores,
    IReadOnlyList<double> DisScores,
    IReadOnlyList<long> MsusBySize,
    int RecordsWithMsu,
    IReadOnlyDictionary<string, double> AttributeContributions);
