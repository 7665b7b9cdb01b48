using System.Globalization;
using Sanitas.Data;
using Sanitas.Samples;

namespace Sanitas.Tests.Samples;

/// <summary>Reads a simulated trial back the way a clinician would: left-right differences per sensor and week.</summary>
internal static class TrialAnalysis
{
    /// <summary>A shared 300-patient trial with the default seed, simulated once for all tests.</summary>
    public static ClinicalTrial Full { get; } = ClinicalTrialGenerator.Generate();

    /// <summary>The patients' ulcer onsets by id (null when none).</summary>
    public static Dictionary<long, DateOnly?> Onsets(ClinicalTrial trial)
    {
        var ids = ColumnValues.ToDoubles(trial.Patients["PatientId"]);
        var onsets = ColumnValues.ToDates(trial.Patients["UlcerOnset"]);
        return ids.Select((id, i) => (Id: (long)id, Onset: onsets[i])).ToDictionary(p => p.Id, p => p.Onset);
    }

    /// <summary>
    /// Per patient, the mean absolute left-right difference of each sensor over the measurements
    /// whose date lies in [from, to) as the function gives them for the patient.
    /// </summary>
    public static Dictionary<long, double[]> MeanDifferences(ClinicalTrial trial, Func<long, DateOnly, (DateOnly From, DateOnly To)?> window)
    {
        var readings = trial.Readings;
        var ids = ColumnValues.ToDoubles(readings["PatientId"]);
        var temperatures = ColumnValues.ToDoubles(readings["Temperature"]);
        var times = readings["Time"];
        var feet = readings["Foot"];
        var sensors = readings["Sensor"];
        var sums = new Dictionary<long, (double[] Sum, int[] Count)>();
        var first = new Dictionary<long, DateOnly>();
        for (var row = 0; row < readings.RowCount; row += ClinicalTrialGenerator.ReadingsPerMeasurement)
        {
            var id = (long)ids[row];
            var date = DateOnly.ParseExact(times[row]![..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            first.TryAdd(id, date);
            if (window(id, first[id]) is not { } w || date < w.From || date >= w.To)
            {
                continue;
            }
            if (!sums.TryGetValue(id, out var acc))
            {
                acc = (new double[4], new int[4]);
                sums[id] = acc;
            }
            for (var s = 0; s < 4; s++)
            {
                Assert.Equal("left", feet[row + s]);
                Assert.Equal("right", feet[row + 4 + s]);
                Assert.Equal(sensors[row + s], sensors[row + 4 + s]);
                acc.Sum[s] += Math.Abs(temperatures[row + s] - temperatures[row + 4 + s]);
                acc.Count[s]++;
            }
        }
        return sums.ToDictionary(p => p.Key, p => p.Value.Sum.Select((sum, s) => sum / p.Value.Count[s]).ToArray());
    }
}
