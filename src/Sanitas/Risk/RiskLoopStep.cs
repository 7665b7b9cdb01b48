namespace Sanitas.Risk;

/// <summary>
/// One step of the closed loop of <c>sanitas anonymize</c> with a <c>risk:</c> section: the
/// settings the data was anonymized with, the risk measured on the output and the verdict.
/// </summary>
/// <param name="Step">0 for the configured settings, then 1, 2, … for each escalation.</param>
/// <param name="Change">What this step strengthened (such as <c>k 2 → 4</c>), or <see langword="null"/> for step 0.</param>
/// <param name="Settings">The protection settings: <c>k</c>, <c>l</c>, <c>t</c>, <c>suppressionLimit</c> (those the configuration uses).</param>
/// <param name="Measures">The risk measured on the output: <c>prosecutorHighest</c>, <c>prosecutorAverage</c>, <c>recordsAtRisk</c>, <c>sampleUniques</c>, <c>populationUniques</c>, <c>suppressedRecords</c>, and <c>linkageAdvantage</c> when an attack limit is set.</param>
/// <param name="Verdict"><c>pass</c>, <c>fail</c>, or <c>no-solution</c> when no transformation satisfied the settings.</param>
/// <param name="FailedChecks">The thresholds the output exceeded.</param>
public sealed record RiskLoopStep(
    int Step,
    string? Change,
    IReadOnlyDictionary<string, double> Settings,
    IReadOnlyDictionary<string, double> Measures,
    string Verdict,
    IReadOnlyList<string> FailedChecks);
