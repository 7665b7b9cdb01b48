namespace Sanitas.Risk;

/// <summary>The SUDA section of a <see cref="RiskReport"/>.</summary>
/// <param name="MaxMsuSize">The largest MSU size searched.</param>
/// <param name="RecordsWithMsu">Records with at least one minimal sample unique.</param>
/// <param name="MsusBySize">MSUs of each size, from size 1.</param>
/// <param name="MaxScore">The highest SUDA score.</param>
/// <param name="MeanScore">The mean SUDA score over all records.</param>
/// <param name="MaxDisScore">The highest DIS-SUDA score.</param>
/// <param name="MeanDisScore">The mean DIS-SUDA score over all records.</param>
/// <param name="AttributeContributions">Each quasi-identifier's share of the total SUDA score, in percent.</param>
public sealed record SudaSummary(int MaxMsuSize, int RecordsWithMsu, IReadOnlyList<long> MsusBySize, double MaxScore, double MeanScore, double MaxDisScore, double MeanDisScore,
    IReadOnlyDictionary<string, double> AttributeContributions);
