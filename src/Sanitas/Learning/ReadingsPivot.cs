using Sanitas.Data;

namespace Sanitas.Learning;

/// <summary>
/// Turns the trial's long readings table (<c>PatientId, Time, Foot, Sensor, Temperature</c>, one row
/// per sensor) into one row per measurement: <c>PatientId</c>, <c>Hour</c> (of the day) and one
/// temperature column per foot and sensor (<c>left_hallux</c> … <c>right_heel</c>), the table the
/// study's foot-temperature forecast (its Figure 4) is fitted on. A measurement lacking a sensor
/// is an error naming it.
/// </summary>
public static class ReadingsPivot
{
    /// <summary>The columns a pivot of the trial's readings has: PatientId, Hour, then foot_sensor for both feet and the four sensors.</summary>
    public static IReadOnlyList<string> TrialColumns { get; } =
        ["PatientId", "Hour", .. new[] { "left", "right" }.SelectMany(f => Samples.ClinicalTrial.Sensors.Select(s => $"{f}_{s}"))];

    /// <summary>Pivots readings into measurements (in order of first appearance).</summary>
    /// <param name="readings">The readings table (PatientId, Time, Foot, Sensor, Temperature).</param>
    /// <param name="lenient">
    /// DP training, after the charge: never an error and nothing about a row. The columns are the fixed
    /// <see cref="TrialColumns"/>; a reading of an unknown foot or sensor is ignored, a repeated one
    /// replaces the earlier, and a missing one is left empty (training maps it to the middle of the
    /// declared range).
    /// </param>
    /// <exception cref="LearningException">Not lenient: a column is missing, or a measurement lacks or repeats a foot/sensor.</exception>
    public static Table ToMeasurements(Table readings, bool lenient = false)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var patient = DesignMatrix.Find(readings, "PatientId");
        var time = DesignMatrix.Find(readings, "Time");
        var foot = DesignMatrix.Find(readings, "Foot");
        var sensor = DesignMatrix.Find(readings, "Sensor");
        var temperature = DesignMatrix.Find(readings, "Temperature");
        var names = lenient ? [.. TrialColumns.Skip(2)] : new List<string>();
        var slotOf = new Dictionary<(int Foot, int Sensor), int>();
        for (var f = 0; f < foot.DistinctCount; f++)
        {
            for (var s = 0; s < sensor.DistinctCount; s++)
            {
                if (foot.Dictionary[f] is { } fn && sensor.Dictionary[s] is { } sn)
                {
                    if (lenient)
                    {
                        var slot = names.IndexOf($"{fn}_{sn}");
                        if (slot >= 0)
                        {
                            slotOf[(f, s)] = slot;
                        }
                    }
                    else
                    {
                        slotOf[(f, s)] = names.Count;
                        names.Add($"{fn}_{sn}");
                    }
                }
            }
        }
        var measurementOf = new Dictionary<(int Patient, int Time), int>();
        var patients = new List<int>();
        var times = new List<int>();
        var cells = new List<int[]>();
        for (var r = 0; r < readings.RowCount; r++)
        {
            var key = (patient.Codes[r], time.Codes[r]);
            if (!measurementOf.TryGetValue(key, out var m))
            {
                m = cells.Count;
                measurementOf.Add(key, m);
                patients.Add(key.Item1);
                times.Add(key.Item2);
                cells.Add(Enumerable.Repeat(-1, names.Count).ToArray());
            }
            if (!slotOf.TryGetValue((foot.Codes[r], sensor.Codes[r]), out var slot))
            {
                if (lenient)
                {
                    continue;
                }
                throw new LearningException($"Readings, row {r + 1}: missing foot or sensor.");
            }
            if (cells[m][slot] >= 0 && !lenient)
            {
                throw new LearningException($"Readings, row {r + 1}: patient {patient[r]} at {time[r]} has two '{names[slot]}' readings.");
            }
            cells[m][slot] = temperature.Codes[r];
        }
        var columns = new List<Column>
        {
            Column.FromCodes("PatientId", patient.Type, [.. patient.Dictionary], [.. patients]),
            Column.FromValues("Hour", times.Select(t => Hour(time.Dictionary[t])), ColumnType.Integer),
        };
        for (var slot = 0; slot < names.Count; slot++)
        {
            var values = new string?[cells.Count];
            for (var m = 0; m < cells.Count; m++)
            {
                values[m] = cells[m][slot] >= 0
                    ? temperature.Dictionary[cells[m][slot]]
                    : lenient ? null : throw new LearningException($"Readings: patient {patient.Dictionary[patients[m]]} at {time.Dictionary[times[m]]} has no '{names[slot]}' reading.");
            }
            columns.Add(Column.FromValues(names[slot], values, ColumnType.Decimal));
        }
        return new Table(columns);
    }

    private static string? Hour(string? time) =>
        time is { Length: >= 13 } && time[10] == 'T' && int.TryParse(time.AsSpan(11, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hour)
            ? hour.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
