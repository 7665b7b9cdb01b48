using Sanitas.Data;

namespace Sanitas.Samples;

/// <summary>
/// The trial's readings table (<c>PatientId, Time, Foot, Sensor, Temperature</c>, one row per insole
/// sensor reading) in the general series shapes: as <see cref="SeriesSet"/> (eight channels
/// <c>left_hallux</c> … <c>right_heel</c> per patient) for attacks and time-series anonymization, and as
/// the wide measurements table (<c>PatientId</c>, <c>Hour</c>, one temperature column per foot and
/// sensor) the study's foot-temperature forecast (its Figure 4) is fitted on.
/// </summary>
public static class ClinicalTrialReadings
{
    /// <summary>The insole's feet.</summary>
    public static IReadOnlyList<string> Feet { get; } = ["left", "right"];

    /// <summary>Where person, time, channel (foot and sensor) and temperature are, with the eight channels declared.</summary>
    public static SeriesLayout Layout { get; } = new(ClinicalTrial.PatientIdColumn, "Time", ["Foot", "Sensor"], "Temperature")
    {
        Channels = [.. Feet.SelectMany(f => ClinicalTrial.Sensors.Select(s => $"{f}_{s}"))],
        HourColumn = "Hour",
    };

    /// <summary>The columns of the measurements table: PatientId, Hour, then foot_sensor for both feet and the four sensors.</summary>
    public static IReadOnlyList<string> MeasurementColumns { get; } = SeriesPivot.WideColumns(Layout);

    /// <summary>Pivots readings into measurements (see <see cref="SeriesPivot.ToWide"/>).</summary>
    /// <exception cref="SanitasDataException">Not lenient: a column is missing, or a measurement lacks or repeats a foot/sensor.</exception>
    public static Table ToMeasurements(Table readings, bool lenient = false) => SeriesPivot.ToWide(readings, Layout, lenient);

    /// <summary>
    /// One temperature trace per patient: the mean of the sensors read together at each measurement,
    /// in time order (113–178 points per patient in the sample), in order of first appearance.
    /// Every foot/sensor found counts, declared or not.
    /// </summary>
    /// <exception cref="SanitasDataException">A column is missing or a temperature is not a number.</exception>
    public static SeriesSet Traces(Table readings, CancellationToken cancellationToken = default) =>
        SeriesSet.FromLong(readings, Layout with { Channels = null }, cancellationToken).MeanOverChannels();
}
