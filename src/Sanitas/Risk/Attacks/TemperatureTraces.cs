using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Turns sensor readings into one temperature trace per person: the mean temperature of each
/// measurement (all sensors read at the same time), in time order. For the clinical-trial sample
/// a measurement is the 8 insole sensors read together, so a patient's trace has 113–178 points.
/// </summary>
public static class TemperatureTraces
{
    /// <summary>Reads the traces from a readings table.</summary>
    /// <param name="readings">One row per sensor reading.</param>
    /// <param name="personColumn">The column identifying the person (e.g. <c>PatientId</c>).</param>
    /// <param name="timeColumn">The measurement time; ISO 8601 text sorts in time order.</param>
    /// <param name="valueColumn">The measured value (e.g. <c>Temperature</c>).</param>
    /// <returns>Person id and trace, in order of first appearance of the person.</returns>
    /// <exception cref="ArgumentException">A column is missing or a value is not a number.</exception>
    public static IReadOnlyList<KeyValuePair<string, double[]>> FromReadings(Table readings, string personColumn = "PatientId", string timeColumn = "Time", string valueColumn = "Temperature")
    {
        ArgumentNullException.ThrowIfNull(readings);
        var person = LinkageAttack.Require(readings, personColumn, "readings table");
        var time = LinkageAttack.Require(readings, timeColumn, "readings table");
        var value = LinkageAttack.Require(readings, valueColumn, "readings table");
        var numbers = new double[value.DistinctCount];
        for (var c = 0; c < numbers.Length; c++)
        {
            var text = value.Dictionary[c];
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[c]))
            {
                throw new ArgumentException($"Column '{valueColumn}' holds '{text ?? "(missing)"}', which is not a number.");
            }
        }
        var perPerson = new Dictionary<int, Dictionary<int, (double Sum, int Count)>>();
        var order = new List<int>();
        for (var r = 0; r < readings.RowCount; r++)
        {
            var p = person.Codes[r];
            if (!perPerson.TryGetValue(p, out var measurements))
            {
                perPerson.Add(p, measurements = []);
                order.Add(p);
            }
            var t = time.Codes[r];
            var (sum, count) = measurements.GetValueOrDefault(t);
            measurements[t] = (sum + numbers[value.Codes[r]], count + 1);
        }
        var result = new List<KeyValuePair<string, double[]>>(order.Count);
        foreach (var p in order)
        {
            var trace = perPerson[p]
                .OrderBy(kv => time.Dictionary[kv.Key], StringComparer.Ordinal)
                .Select(kv => kv.Value.Sum / kv.Value.Count)
                .ToArray();
            result.Add(KeyValuePair.Create(person.Dictionary[p] ?? "", trace));
        }
        return result;
    }
}
