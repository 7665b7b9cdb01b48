using Sanitas.Anonymization;

namespace Sanitas.Risk;

/// <summary>The outcome of <see cref="RiskLoop.Run"/>.</summary>
/// <param name="Result">The last anonymization that ran.</param>
/// <param name="Config">The settings of the last step.</param>
/// <param name="Report">The risk report of <paramref name="Result"/>'s output.</param>
/// <param name="Steps">Every step, in order.</param>
public sealed record RiskLoopResult(AnonymizationResult Result, AnonymizationConfig Config, RiskReport Report, IReadOnlyList<RiskLoopStep> Steps)
{
    /// <summary>Whether the last step's output passed every threshold.</summary>
    public bool Passed => Steps.Count > 0 && Steps[^1].Verdict == "pass";
}
