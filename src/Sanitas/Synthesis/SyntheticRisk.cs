using Sanitas.Risk.Attacks;

namespace Sanitas.Synthesis;

/// <summary>
/// One Anonymeter-style attack on a synthetic table (Giomi, Boenisch, Wehmeyer &amp; Tasnádi 2023, "A
/// Unified Framework for Quantifying Privacy Risk in Synthetic Data", PoPETs 2023(2)): the attack's success
/// rate on records the synthesizer saw, the same attack's rate on control records it did not see (a
/// holdout of the same population), each with a 95% Wilson interval, and the risk
/// (r_attack − r_control)/(1 − r_control): the share of the attack's success that the synthetic table,
/// not the population, explains. The risk interval combines the two rates' interval ends; a negative
/// risk is reported as 0.
/// </summary>
/// <param name="Attack"><c>singling-out</c>, <c>linkability</c> or <c>inference</c>.</param>
/// <param name="Attempts">Attacks per side.</param>
/// <param name="AttackRate">Success rate on the synthesizer's input.</param>
/// <param name="AttackInterval">Its 95% Wilson interval.</param>
/// <param name="ControlRate">Success rate on the control records.</param>
/// <param name="ControlInterval">Its 95% Wilson interval.</param>
/// <param name="Risk">(r_attack − r_control)/(1 − r_control), at least 0.</param>
/// <param name="RiskInterval">The risk at the intervals' ends.</param>
internal sealed record SyntheticRisk(string Attack, int Attempts, double AttackRate, ConfidenceInterval AttackInterval, double ControlRate,
    ConfidenceInterval ControlInterval, double Risk, ConfidenceInterval RiskInterval)
{
    public static SyntheticRisk From(string attack, int attempts, int attackSuccesses, int controlSuccesses)
    {
        var a = ConfidenceInterval.Wilson(attackSuccesses, attempts);
        var c = ConfidenceInterval.Wilson(controlSuccesses, attempts);
        double rate = attempts == 0 ? 0 : (double)attackSuccesses / attempts, control = attempts == 0 ? 0 : (double)controlSuccesses / attempts;
        static double Risk(double r, double control) => control >= 1 ? 0 : Math.Clamp((r - control) / (1 - control), 0, 1);
        return new SyntheticRisk(attack, attempts, rate, a, control, c, Risk(rate, control),
            new ConfidenceInterval(Risk(a.Lower, c.Upper), Risk(a.Upper, c.Lower), 0.95));
    }
}
