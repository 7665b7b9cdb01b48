namespace Sanitas.Synthesis;

/// <summary>The time-series generator's privacy log: the DP release itself (every number declared or DP).</summary>
/// <param name="Epsilon">ε of the guarantee, per patient.</param>
/// <param name="Delta">δ.</param>
/// <param name="Rho">The zCDP budget from (ε, δ) (Canonne, Kamath &amp; Steinke 2020, Corollary 13).</param>
/// <param name="RhoSpent">ρ spent by the steps (equal to <paramref name="Rho"/>).</param>
/// <param name="Steps">Each private release with its ρ and noise scale (σ on the scaled [−1, 1] or share grid).</param>
/// <param name="PatientsEstimate">The DP patient count.</param>
/// <param name="SyntheticPatients">Synthetic patients generated.</param>
/// <param name="Parameters">Each model parameter's declared bounds and its released mean and spread (mean absolute deviation; 0 where no spread is released).</param>
/// <param name="HourShares">The released share of measurements in each slot of the day (a measurement's rank within its day, 0–3, the last shared by later ones) and hour (0–23), slot-major.</param>
public sealed record TrialTimeSeriesLog(
    double Epsilon,
    double Delta,
    double Rho,
    double RhoSpent,
    IReadOnlyList<SynthesisStep> Steps,
    double PatientsEstimate,
    int SyntheticPatients,
    IReadOnlyList<TrialTimeSeriesParameter> Parameters,
    IReadOnlyList<double> HourShares)
{
    /// <summary>Who may see the log.</summary>
    public const string Audience = "analyst: a differentially private release; every number is declared or DP";
}
