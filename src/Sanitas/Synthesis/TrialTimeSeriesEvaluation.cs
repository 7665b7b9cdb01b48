using Sanitas.Risk.Attacks;

namespace Sanitas.Synthesis;

/// <summary>
/// Synthetic insole readings against the real ones (a data owner's report, computed from the real
/// data and not differentially private): the utility measures the trial's analyses rely on and a
/// DTW membership attack.
/// </summary>
/// <param name="RealPatients">Patients in the real readings.</param>
/// <param name="SyntheticPatients">Patients in the synthetic readings.</param>
/// <param name="HourlyMeanReal">Mean temperature of all readings in each hour of the day (null: no reading in that hour).</param>
/// <param name="HourlyMeanSynthetic">The same in the synthetic readings.</param>
/// <param name="HourlyMeanDifference">Mean |real − synthetic| over the hours both have.</param>
/// <param name="AutocorrelationReal">Lag-1…5 autocorrelation of each patient's per-measurement mean temperature, averaged over patients.</param>
/// <param name="AutocorrelationSynthetic">The same in the synthetic readings.</param>
/// <param name="LeftRightMeanReal">Per sensor, the mean left − right difference of a measurement.</param>
/// <param name="LeftRightMeanSynthetic">The same in the synthetic readings.</param>
/// <param name="LeftRightSdReal">Per sensor, the standard deviation of the left − right difference.</param>
/// <param name="LeftRightSdSynthetic">The same in the synthetic readings.</param>
/// <param name="WarningRateReal">Share of patients for whom the ulcer-warning rule fires (a weekly mean left − right difference beyond 2.2 °C at one sensor).</param>
/// <param name="WarningRateSynthetic">The same in the synthetic readings.</param>
/// <param name="MembershipInference">DTW distance of a real patient's trace to the nearest synthetic trace, members (the generator's input) against a holdout; null without a holdout.</param>
public sealed record TrialTimeSeriesEvaluation(
    int RealPatients,
    int SyntheticPatients,
    IReadOnlyList<double?> HourlyMeanReal,
    IReadOnlyList<double?> HourlyMeanSynthetic,
    double HourlyMeanDifference,
    IReadOnlyList<double> AutocorrelationReal,
    IReadOnlyList<double> AutocorrelationSynthetic,
    IReadOnlyList<double> LeftRightMeanReal,
    IReadOnlyList<double> LeftRightMeanSynthetic,
    IReadOnlyList<double> LeftRightSdReal,
    IReadOnlyList<double> LeftRightSdSynthetic,
    double WarningRateReal,
    double WarningRateSynthetic,
    MembershipInferenceResult? MembershipInference)
{
    /// <summary>Who may see the report.</summary>
    public const string Audience = SynthesisEvaluation.Audience;
}
