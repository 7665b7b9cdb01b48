namespace Sanitas.Workflows;

/// <summary>What <see cref="TimeSeriesAnonymizer.RunAsync"/> does.</summary>
/// <param name="Method">The method.</param>
/// <param name="Output">The released CSV (written atomically).</param>
public sealed record TimeSeriesAnonymizationRequest(TimeSeriesMethod Method, string Output)
{
    /// <summary>The input CSV; null: simulate the clinical trial (<see cref="Patients"/>, <see cref="Seed"/>).</summary>
    public string? Input { get; init; }

    /// <summary>
    /// Null: the input is the trial's readings (<c>PatientId, Time, Foot, Sensor, Temperature</c>; one trace per
    /// patient, the mean of the sensors read together). Otherwise the input is wide: this column is the time and
    /// every other column one series (e.g. an ECG's leads).
    /// </summary>
    public string? TimeColumn { get; init; }

    /// <summary>Patients of the simulated trial.</summary>
    public int Patients { get; init; } = 300;

    /// <summary>Seed of the simulated trial.</summary>
    public int Seed { get; init; } = Samples.ClinicalTrialOptions.DefaultSeed;

    /// <summary>Points of each series released (the first ones; PAA and k-anonymity need every series this long). With windows by points, the DP release counts only these.</summary>
    public int Length { get; init; } = 56;

    /// <summary>Points per window (PAA, k-anonymity, DP by points); 1: none.</summary>
    public int Window { get; init; } = 1;

    /// <summary>k-anonymity: the least group size.</summary>
    public int K { get; init; } = 5;

    /// <summary>k-anonymity: suppress groups whose distortion (largest member RMSE per point) exceeds this; null: no limit.</summary>
    public double? MaxDistortion { get; init; }

    /// <summary>DP: ε.</summary>
    public double Epsilon { get; init; } = 1;

    /// <summary>DP: δ; 0 (default) releases with the Laplace mechanism (ε-DP), a positive δ with the Gaussian mechanism ((ε, δ)-DP through zCDP).</summary>
    public double Delta { get; init; }

    /// <summary>DP: the declared least value.</summary>
    public double? Lower { get; init; }

    /// <summary>DP: the declared greatest value.</summary>
    public double? Upper { get; init; }

    /// <summary>DP: values are counted in steps of this.</summary>
    public double Resolution { get; init; } = 0.01;

    /// <summary>DP: windows are the 24 hours of the day (needs ISO 8601 times) instead of windows of points.</summary>
    public bool ByHour { get; init; }

    /// <summary>DP: the ledger (SQLite file or Npgsql connection string; must exist).</summary>
    public string? Ledger { get; init; }

    /// <summary>DP: the analyst charged.</summary>
    public string? Analyst { get; init; }

    /// <summary>DP: the ledger's dataset (default: the ledger database's name).</summary>
    public string? Dataset { get; init; }

    /// <summary>DP: charge nothing (the data owner's own data).</summary>
    public bool NoLedger { get; init; }

    /// <summary>
    /// Compare the release with the data: distortion and the DTW attack before and after. Always for PAA and
    /// k-anonymity (the data owner's operations); for DP it makes the report the data owner's, not a release.
    /// </summary>
    public bool Evaluate { get; init; }

    /// <summary>The adversary's observation starts this many points later (attack simulation).</summary>
    public int AttackShift { get; init; } = 2;

    /// <summary>Measurement noise of the adversary's observation (standard deviation, in the series' unit).</summary>
    public double AttackNoise { get; init; } = 0.1;

    /// <summary>The DTW band as a share of the trace length.</summary>
    public double Band { get; init; } = 0.1;
}
