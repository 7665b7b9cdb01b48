using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Synthesis;

/// <summary>
/// A readings table (one row per sensor reading) as per-patient traces: for each patient, the
/// measurements in time order, each with the temperature of every (foot, sensor) cell (NaN when
/// missing). Never fails on a value: a row whose time does not parse, or whose foot or sensor is not
/// declared, is skipped; temperatures are clamped to the declared range, a non-number is skipped;
/// duplicate readings of one cell at one time are averaged. Only the first
/// <see cref="TrialTimeSeriesOptions.MaxMeasurements"/> measurements of a patient are kept (the
/// per-patient contribution bound).
/// </summary>
internal static class PatientTraces
{
    /// <summary>One measurement: its time and the cells' temperatures (foot-major: left sensors, then right).</summary>
    internal sealed record Measurement(DateTime Time, double[] Cells);

    public static IReadOnlyList<Measurement[]> Read(Table readings, TrialTimeSeriesOptions options)
    {
        var person = readings[options.PatientColumn];
        var time = readings[options.TimeColumn];
        var foot = readings[options.FootColumn];
        var sensor = readings[options.SensorColumn];
        var temperature = readings[options.TemperatureColumn];
        var sensors = options.Sensors.Count;
        var times = time.Dictionary.Select(t => DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var v) ? v : (DateTime?)null).ToArray();
        var feet = foot.Dictionary.Select(f => f is null ? -1 : IndexOf(options.Feet, f)).ToArray();
        var sensorIndex = sensor.Dictionary.Select(s => s is null ? -1 : IndexOf(options.Sensors, s)).ToArray();
        var values = temperature.Dictionary.Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? Math.Clamp(v, options.MinTemperature, options.MaxTemperature) : double.NaN).ToArray();
        var perPatient = new Dictionary<int, Dictionary<int, (double[] Sum, int[] Count)>>();
        for (var r = 0; r < readings.RowCount; r++)
        {
            var p = person.Codes[r];
            if (!perPatient.TryGetValue(p, out var measurements))
            {
                perPatient.Add(p, measurements = []);
            }
            var t = time.Codes[r];
            var f = foot.Codes[r] < 0 ? -1 : feet[foot.Codes[r]];
            var s = sensor.Codes[r] < 0 ? -1 : sensorIndex[sensor.Codes[r]];
            var v = temperature.Codes[r] < 0 ? double.NaN : values[temperature.Codes[r]];
            if (t < 0 || times[t] is null || f < 0 || s < 0 || double.IsNaN(v))
            {
                continue;
            }
            if (!measurements.TryGetValue(t, out var cells))
            {
                measurements.Add(t, cells = (new double[2 * sensors], new int[2 * sensors]));
            }
            cells.Sum[(f * sensors) + s] += v;
            cells.Count[(f * sensors) + s]++;
        }
        var result = new List<Measurement[]>(perPatient.Count);
        foreach (var (_, measurements) in perPatient)
        {
            result.Add([.. measurements
                .Select(kv => new Measurement(times[kv.Key]!.Value, [.. kv.Value.Sum.Select((sum, i) => kv.Value.Count[i] > 0 ? sum / kv.Value.Count[i] : double.NaN)]))
                .OrderBy(m => m.Time)
                .Take(options.MaxMeasurements)]);
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }
}
