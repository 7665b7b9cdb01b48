using System.Globalization;
using Sanitas.Data;
using Sanitas.Risk.Attacks;
using Sanitas.Samples;

namespace Sanitas.Synthesis;

/// <summary>
/// Evaluates synthetic insole readings against the real ones (<see cref="TrialTimeSeriesEvaluation"/>):
/// per-hour mean curves, autocorrelation, left-right differences, the ulcer-warning rule's hit rate
/// (a weekly — 14-measurement — mean left-right difference beyond
/// <see cref="ClinicalTrialGenerator.AlertThreshold"/> at one sensor), and, with a holdout of real
/// patients the generator never saw, a membership attack with Sanitas.Risk's DTW nearest-neighbour
/// search (the machinery of <c>sanitas attack timeseries</c>: first 56 measurements, band 10%,
/// z-normalized): members should lie no closer to the synthetic traces than non-members.
/// </summary>
public static class TrialTimeSeriesEvaluator
{
    private const int Lags = 5;
    private const int Period = 56;

    /// <summary>Evaluates.</summary>
    /// <param name="real">The real readings (the generator's input).</param>
    /// <param name="synthetic">The synthetic readings.</param>
    /// <param name="options">Columns, feet and sensors (the budget is not used).</param>
    /// <param name="holdout">Real readings of other patients, for the membership attack, or null.</param>
    /// <param name="ct">Cancels.</param>
    public static TrialTimeSeriesEvaluation Evaluate(Table real, Table synthetic, TrialTimeSeriesOptions options, Table? holdout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (table, name) in new[] { (real, "real"), (synthetic, "synthetic"), (holdout, "holdout") })
        {
            var missing = table is null ? [] : TrialTimeSeriesSynthesizer.RequiredColumns(options).Where(c => !table.ColumnNames.Contains(c)).ToArray();
            if (missing.Length > 0)
            {
                throw new ArgumentException($"The {name} readings lack the column(s) {string.Join(", ", missing)}.");
            }
        }
        var open = options with { MaxMeasurements = int.MaxValue };
        var r = PatientTraces.Read(real, open);
        var s = PatientTraces.Read(synthetic, open);
        var hourlyReal = HourlyMeans(r);
        var hourlySynthetic = HourlyMeans(s);
        var both = Enumerable.Range(0, 24).Where(h => hourlyReal[h] is not null && hourlySynthetic[h] is not null).ToArray();
        var hourlyDifference = both.Length == 0 ? double.NaN : both.Average(h => Math.Abs(hourlyReal[h]!.Value - hourlySynthetic[h]!.Value));
        var sensors = options.Sensors.Count;
        MembershipInferenceResult? mia = null;
        if (holdout is not null)
        {
            ct.ThrowIfCancellationRequested();
            var references = s.Select(Trace).Where(t => t.Length > 0).ToArray();
            var search = new DtwNearestNeighbourSearch(references, (int)Math.Ceiling(0.1 * Period), zNormalize: true);
            double[] Scores(IReadOnlyList<PatientTraces.Measurement[]> traces) =>
                [.. traces.Select(Trace).Where(t => t.Length > 0).AsParallel().AsOrdered().WithCancellation(ct).Select(t => -search.Search(t).Distance)];
            mia = MembershipInference.FromScores("dtw-nearest-synthetic-trace",
                string.Create(CultureInfo.InvariantCulture, $"DTW distance of a patient's first {Period} measurements to the nearest synthetic trace ({references.Length} synthetic patients): members lie closer"),
                Scores(r), Scores(PatientTraces.Read(holdout, open)));
        }
        return new TrialTimeSeriesEvaluation(r.Count, s.Count, hourlyReal, hourlySynthetic, hourlyDifference,
            Autocorrelation(r), Autocorrelation(s),
            LeftRight(r, sensors, sd: false), LeftRight(s, sensors, sd: false), LeftRight(r, sensors, sd: true), LeftRight(s, sensors, sd: true),
            WarningRate(r, sensors), WarningRate(s, sensors), mia);
    }

    /// <summary>Share of patients for whom the warning rule fires at least once.</summary>
    internal static double WarningRate(IReadOnlyList<PatientTraces.Measurement[]> traces, int sensors)
    {
        if (traces.Count == 0)
        {
            return double.NaN;
        }
        var firing = 0;
        foreach (var trace in traces)
        {
            var fires = false;
            for (var s = 0; s < sensors && !fires; s++)
            {
                var d = trace.Where(m => !double.IsNaN(m.Cells[s]) && !double.IsNaN(m.Cells[sensors + s])).Select(m => m.Cells[s] - m.Cells[sensors + s]).ToArray();
                for (var j = 0; j + TrialTraceModel.Window <= d.Length && !fires; j++)
                {
                    fires = Math.Abs(d.AsSpan(j, TrialTraceModel.Window).ToArray().Average()) > ClinicalTrialGenerator.AlertThreshold;
                }
            }
            firing += fires ? 1 : 0;
        }
        return (double)firing / traces.Count;
    }

    private static double[] Trace(PatientTraces.Measurement[] trace) =>
        [.. trace.Select(m => m.Cells.Where(c => !double.IsNaN(c)).DefaultIfEmpty(double.NaN).Average()).Where(double.IsFinite).Take(Period)];

    private static double?[] HourlyMeans(IReadOnlyList<PatientTraces.Measurement[]> traces)
    {
        var sum = new double[24];
        var count = new long[24];
        foreach (var m in traces.SelectMany(t => t))
        {
            var h = Math.Clamp(m.Time.Hour, 0, 23);
            foreach (var c in m.Cells.Where(c => !double.IsNaN(c)))
            {
                sum[h] += c;
                count[h]++;
            }
        }
        return [.. Enumerable.Range(0, 24).Select(h => count[h] > 0 ? sum[h] / count[h] : (double?)null)];
    }

    private static double[] Autocorrelation(IReadOnlyList<PatientTraces.Measurement[]> traces)
    {
        var result = new double[Lags];
        var patients = new int[Lags];
        foreach (var trace in traces)
        {
            double[] x = [.. trace.Select(m => m.Cells.Where(c => !double.IsNaN(c)).DefaultIfEmpty(double.NaN).Average()).Where(double.IsFinite)];
            if (x.Length < Lags + 2)
            {
                continue;
            }
            var mean = x.Average();
            var variance = x.Sum(v => (v - mean) * (v - mean));
            if (variance <= 0)
            {
                continue;
            }
            for (var lag = 1; lag <= Lags; lag++)
            {
                var c = 0.0;
                for (var j = lag; j < x.Length; j++)
                {
                    c += (x[j] - mean) * (x[j - lag] - mean);
                }
                result[lag - 1] += c / variance;
                patients[lag - 1]++;
            }
        }
        return [.. result.Select((v, i) => patients[i] > 0 ? v / patients[i] : double.NaN)];
    }

    private static double[] LeftRight(IReadOnlyList<PatientTraces.Measurement[]> traces, int sensors, bool sd)
    {
        var result = new double[sensors];
        for (var s = 0; s < sensors; s++)
        {
            var d = traces.SelectMany(t => t).Where(m => !double.IsNaN(m.Cells[s]) && !double.IsNaN(m.Cells[sensors + s]))
                .Select(m => m.Cells[s] - m.Cells[sensors + s]).ToArray();
            if (d.Length == 0)
            {
                result[s] = double.NaN;
                continue;
            }
            var mean = d.Average();
            result[s] = sd ? Math.Sqrt(d.Average(v => (v - mean) * (v - mean))) : mean;
        }
        return result;
    }
}
