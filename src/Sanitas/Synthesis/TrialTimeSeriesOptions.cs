namespace Sanitas.Synthesis;

/// <summary>
/// The trial time-series generator's request: the privacy cost, the readings table's columns, and
/// the public bounds every patient's contribution is clamped to. The bounds are declared (the
/// defaults are the insole's physiology and the trial's protocol, docs/synthesis.md), never read
/// from the data.
/// </summary>
public sealed record TrialTimeSeriesOptions
{
    /// <summary>ε of the (ε, δ)-DP guarantee, per patient.</summary>
    public required double Epsilon { get; init; }

    /// <summary>δ of the guarantee; positive (the Gaussian mechanism needs it).</summary>
    public required double Delta { get; init; }

    /// <summary>Synthetic patients to generate; by default the DP estimate of the number of patients.</summary>
    public int? Patients { get; init; }

    /// <summary>The person column (the privacy unit).</summary>
    public string PatientColumn { get; init; } = "PatientId";

    /// <summary>The measurement time (ISO 8601, <c>yyyy-MM-ddTHH:mm:ss</c>).</summary>
    public string TimeColumn { get; init; } = "Time";

    /// <summary>The foot column; its values are <see cref="Feet"/>.</summary>
    public string FootColumn { get; init; } = "Foot";

    /// <summary>The sensor column; its values are <see cref="Sensors"/>.</summary>
    public string SensorColumn { get; init; } = "Sensor";

    /// <summary>The temperature (°C).</summary>
    public string TemperatureColumn { get; init; } = "Temperature";

    /// <summary>The two feet, left first (rows with another value are ignored).</summary>
    public IReadOnlyList<string> Feet { get; init; } = ["left", "right"];

    /// <summary>The sensors (rows with another value are ignored).</summary>
    public IReadOnlyList<string> Sensors { get; init; } = ["hallux", "metatarsal1", "metatarsal5", "heel"];

    /// <summary>Every reading is clamped to [<see cref="MinTemperature"/>, <see cref="MaxTemperature"/>] °C.</summary>
    public double MinTemperature { get; init; } = 20;

    /// <summary>See <see cref="MinTemperature"/>.</summary>
    public double MaxTemperature { get; init; } = 40;

    /// <summary>A patient's mean plantar temperature is clamped to this range (°C).</summary>
    public (double Low, double High) Baseline { get; init; } = (26, 33);

    /// <summary>A sensor's mean deviation (both feet) from the patient's mean is clamped to ±this (°C).</summary>
    public double SensorDeviation { get; init; } = 1.5;

    /// <summary>A sensor's mean left − right difference is clamped to ±this (°C).</summary>
    public double AsymmetryMax { get; init; } = 1.5;

    /// <summary>The daily rhythm's sine and cosine amplitudes are clamped to ±this (°C).</summary>
    public double RhythmAmplitude { get; init; } = 1.5;

    /// <summary>The largest innovation standard deviation of the day-to-day AR(1) process (°C).</summary>
    public double InnovationMax { get; init; } = 1.5;

    /// <summary>The largest per-reading noise standard deviation (°C).</summary>
    public double ReadingNoiseMax { get; init; } = 1;

    /// <summary>Measurements per day are clamped to [1, this].</summary>
    public double MeasurementsPerDayMax { get; init; } = 4;

    /// <summary>The most measurements a patient contributes (later ones are dropped) and a synthetic patient gets.</summary>
    public int MaxMeasurements { get; init; } = 200;

    /// <summary>A weekly mean left-right difference this far (°C) from the patient's usual one counts as a hot spot.</summary>
    public double HotSpotThreshold { get; init; } = 1;

    /// <summary>A hot spot's height is clamped to [0, this] °C.</summary>
    public double HotSpotMax { get; init; } = 5;

    /// <summary>The first day of the synthetic calendar (synthetic patients start within <see cref="EnrolmentDays"/> of it).</summary>
    public DateOnly Start { get; init; } = new(2024, 1, 8);

    /// <summary>The enrolment window of the synthetic calendar, in days.</summary>
    public int EnrolmentDays { get; init; } = 180;
}
