namespace Sanitas.Risk;

/// <summary>The population-uniqueness section of a <see cref="RiskReport"/>.</summary>
/// <param name="Model">The model Dankar et al.'s rule chose: <c>pitman</c>, <c>zayatz</c>, <c>snb</c> or <c>none</c>.</param>
/// <param name="Value">The estimated fraction of the population that is unique.</param>
/// <param name="PopulationSize">The population size used.</param>
/// <param name="Zayatz">Zayatz's estimate, when computed.</param>
/// <param name="Pitman">Pitman's estimate, when computed.</param>
/// <param name="Snb">SNB's estimate, when computed.</param>
public sealed record PopulationUniquesSummary(string Model, double Value, long PopulationSize, double? Zayatz, double? Pitman, double? Snb);

/// <summary>sdcMicro's individual risk in a <see cref="RiskReport"/>.</summary>
/// <param name="Method">The estimator: <c>benedetti-franconi-approx</c> or <c>benedetti-franconi-exact</c>.</param>
/// <param name="Max">The highest individual risk.</param>
/// <param name="Mean">The mean individual risk.</param>
public sealed record IndividualRiskSummary(string Method, double Max, double Mean);

/// <summary>sdcMicro's global risk in a <see cref="RiskReport"/>.</summary>
/// <param name="Mean">The global risk: the mean individual risk (<c>global_risk</c>).</param>
/// <param name="ExpectedReidentifications">The sum of individual risks (<c>global_risk_ER</c>).</param>
public sealed record GlobalRiskSummary(double Mean, double ExpectedReidentifications);

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

/// <summary>One bar of the per-record risk histogram: the records whose prosecutor risk is in [From, To) (the last bar includes 1).</summary>
/// <param name="From">The lower end.</param>
/// <param name="To">The upper end.</param>
/// <param name="Records">The number of records.</param>
public sealed record RiskHistogramBin(double From, double To, int Records);
