using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// Synthetic insole readings for the trial with a per-patient (ε, δ)-DP guarantee. Each patient's
/// readings become one bounded vector (<see cref="TrialTraceModel"/>: baseline, sensor offsets,
/// cosinor rhythm, AR(1) dynamics, noise, schedule, hot spot), every coordinate clamped to its
/// declared bounds and scaled to [−1, 1], plus the shares of their measurements by hour of day.
/// Released with the discrete Gaussian mechanism under zCDP (Canonne, Kamath &amp; Steinke 2020),
/// whose noisy sums are then divided by the noisy patient count:
/// (1) the number of patients (L2 sensitivity 1); (2) the sum of the shares of measurements by
/// slot of the day and hour (a patient's shares sum to 1, so sensitivity 1); (3) the sum of the scaled parameters (sensitivity √K for K
/// coordinates in [−1, 1]); (4) in a second round, for the K' parameters whose spread matters
/// (baseline, left-right asymmetries, trace length), the sum of each patient's distance to the
/// released means, clamped to [0, 1] (sensitivity √K') — the spread synthetic patients are drawn
/// with. All sums are on a 1/1000 grid so the exact integer sampler applies (sensitivity scaled by
/// 1000). Budget split of ρ: 5% / 10% / 55% / 30%. Synthetic patients draw their parameters
/// independently from the released means and spreads and their readings from the model: pure
/// post-processing. Neighbouring datasets differ by one patient (all of their readings).
/// The idea of releasing a low-dimensional generative model of per-user time series with DP
/// follows e.g. the parametric approaches surveyed by Jordon et al. (2022, "Synthetic Data — what,
/// why and how?").
/// </summary>
public static class TrialTimeSeriesSynthesizer
{
    /// <summary>The most synthetic readings one run may produce (patients × measurements × feet × sensors; held in memory, ~120 bytes each).</summary>
    public const double MaxSyntheticReadings = 10_000_000;

    private const long Grid = 1000;
    private static readonly double[] Split = [0.05, 0.10, 0.55, 0.30];

    /// <summary>Checks the options on metadata alone; returns the zCDP budget ρ they spend.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range; the message names it.</exception>
    public static double Validate(TrialTimeSeriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(double.IsFinite(options.Epsilon) && options.Epsilon > 0))
        {
            throw new InvalidOptionException($"--epsilon must be positive, got {options.Epsilon}.");
        }
        if (!(options.Delta > 0 && options.Delta < 1))
        {
            throw new InvalidOptionException($"--delta must be in (0, 1) (the Gaussian mechanism needs δ > 0), got {options.Delta}.");
        }
        if (options.Patients is < 0 or > 100_000)
        {
            throw new InvalidOptionException($"--patients must be between 0 and 100,000, got {options.Patients}.");
        }
        if (options.Feet.Count != 2 || options.Sensors.Count < 1)
        {
            throw new InvalidOptionException("Declare exactly two feet and at least one sensor.");
        }
        var perPatient = (double)Math.Max(options.MaxMeasurements, 1) * options.Feet.Count * options.Sensors.Count;
        if (options.Patients is { } asked && asked * perPatient > MaxSyntheticReadings)
        {
            // The synthetic table is held in memory: refused here rather than running out of it after the charge.
            throw new InvalidOptionException(string.Create(CultureInfo.InvariantCulture,
                $"--patients {asked:N0} could yield {asked * perPatient:N0} synthetic readings ({options.MaxMeasurements:N0} measurements × {options.Feet.Count * options.Sensors.Count} sensors a patient); at most {MaxSyntheticReadings:N0}: ask for at most {Math.Floor(MaxSyntheticReadings / perPatient):N0} patients or lower the measurements per patient."));
        }
        if (!(options.MinTemperature < options.MaxTemperature) || !(options.Baseline.Low < options.Baseline.High)
            || !(options.SensorDeviation > 0) || !(options.AsymmetryMax > 0) || !(options.RhythmAmplitude > 0) || !(options.InnovationMax > 0) || !(options.ReadingNoiseMax > 0)
            || !(options.MeasurementsPerDayMax > 1) || options.MaxMeasurements is < 3 or > 100_000 || !(options.HotSpotThreshold > 0)
            || !(options.HotSpotMax > options.HotSpotThreshold) || options.EnrolmentDays < 1)
        {
            throw new InvalidOptionException("The declared bounds must be ordered ranges (min < max, positive widths, at least 3 measurements).");
        }
        return ZeroConcentratedBudget.RhoFor(options.Epsilon, options.Delta);
    }

    /// <summary>The columns the readings table must have (checked before the charge).</summary>
    public static IReadOnlyList<string> RequiredColumns(TrialTimeSeriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [options.PatientColumn, options.TimeColumn, options.FootColumn, options.SensorColumn, options.TemperatureColumn];
    }

    /// <summary>
    /// Synthesizes readings. Charge (ε, δ) first; this method fails only on its arguments and on
    /// missing columns (both checked before any value is read), never on a value.
    /// </summary>
    /// <param name="readings">The private readings: one row per sensor reading.</param>
    /// <param name="options">Budget, columns and declared bounds.</param>
    /// <param name="random">The noise source: <see cref="SecureRandom"/> for a release.</param>
    /// <param name="progress">Progress in [0, 1].</param>
    /// <param name="ct">Cancels.</param>
    public static TrialTimeSeriesResult Synthesize(Table readings, TrialTimeSeriesOptions options, IRandomBits random,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(random);
        var rho = Validate(options);
        var missing = RequiredColumns(options).Where(c => !readings.ColumnNames.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOptionException($"The readings table lacks the column(s) {string.Join(", ", missing)}; it has: {string.Join(", ", readings.ColumnNames)}.");
        }
        var release = Release(PatientTraces.Read(readings, options), options, rho, random, ct);
        progress?.Report(0.5);
        // Without a requested count the DP estimate decides, within the same memory limit (post-processing of a DP number).
        var patients = options.Patients ?? (int)Math.Min(Math.Round(release.Log.PatientsEstimate),
            Math.Floor(MaxSyntheticReadings / ((double)options.MaxMeasurements * options.Feet.Count * options.Sensors.Count)));
        var synthetic = Generate(release, options, patients, new BufferedRandom(random), ct);
        progress?.Report(1);
        return new TrialTimeSeriesResult(synthetic, release.Log with { SyntheticPatients = patients });
    }

    /// <summary>The DP release: means, spreads and hour shares, from the per-patient vectors.</summary>
    internal static (TrialTimeSeriesLog Log, double[] Means, double[] Spreads, double[] HourShares) Release(
        IReadOnlyList<PatientTraces.Measurement[]> traces, TrialTimeSeriesOptions options, double rho, IRandomBits random, CancellationToken ct)
    {
        var bounds = TrialTraceModel.Bounds(options);
        var names = TrialTraceModel.Names(options);
        var k = bounds.Length;
        var scaled = new long[traces.Count][];
        var hourSums = new long[TrialTraceModel.Slots * 24];
        for (var p = 0; p < traces.Count; p++)
        {
            ct.ThrowIfCancellationRequested();
            var (theta, hours) = TrialTraceModel.Estimate(traces[p], options);
            scaled[p] = new long[k];
            for (var i = 0; i < k; i++)
            {
                scaled[p][i] = Quantize(Scale(theta[i], bounds[i]));
            }
            // Floors keep a patient's shares summing to at most 1 on the grid (L2 ≤ L1 ≤ 1).
            for (var h = 0; h < hourSums.Length; h++)
            {
                hourSums[h] += (long)Math.Floor(hours[h] * Grid);
            }
        }
        var steps = new List<SynthesisStep>();
        var hasSpread = TrialTraceModel.HasSpread(options);
        var parameterSensitivity = (long)Math.Ceiling(Grid * Math.Sqrt(k));
        var spreadSensitivity = (long)Math.Ceiling(Grid * Math.Sqrt(hasSpread.Count(x => x)));
        var count = new DiscreteGaussianMechanism(1, Split[0] * rho);
        var hourMechanism = new DiscreteGaussianMechanism(Grid, Split[1] * rho);
        var meanMechanism = new DiscreteGaussianMechanism(parameterSensitivity, Split[2] * rho);
        var spreadMechanism = new DiscreteGaussianMechanism(spreadSensitivity, Split[3] * rho);
        var n = Math.Max(1.0, count.Release(traces.Count, random));
        steps.Add(new SynthesisStep("count", ["patients"], count.Rho, count.Sigma, 0));
        var hourShares = hourSums.Select(s => (double)Math.Max(0, hourMechanism.Release(s, random))).ToArray();
        var hourTotal = hourShares.Sum();
        hourShares = hourTotal > 0 ? [.. hourShares.Select(s => s / hourTotal)] : [.. Enumerable.Repeat(1.0 / hourShares.Length, hourShares.Length)];
        steps.Add(new SynthesisStep("hour shares", ["slot of the day", "hour of day"], hourMechanism.Rho, hourMechanism.Sigma / Grid, 0));
        var means = new double[k];
        for (var i = 0; i < k; i++)
        {
            means[i] = Math.Clamp(meanMechanism.Release(scaled.Sum(v => v[i]), random) / (double)Grid / n, -1, 1);
        }
        steps.Add(new SynthesisStep("parameter means", names, meanMechanism.Rho, meanMechanism.Sigma / Grid, 0));
        var spreads = new double[k];
        for (var i = 0; i < k; i++)
        {
            if (!hasSpread[i])
            {
                continue;
            }
            var mean = Quantize(means[i]);
            long sum = 0;
            foreach (var v in scaled)
            {
                sum += Math.Min(Grid, Math.Abs(v[i] - mean));
            }
            spreads[i] = Math.Clamp(spreadMechanism.Release(sum, random) / (double)Grid / n, 0, 1);
        }
        steps.Add(new SynthesisStep("parameter spreads", [.. names.Where((_, i) => hasSpread[i])], spreadMechanism.Rho, spreadMechanism.Sigma / Grid, 0));
        var parameters = names.Select((name, i) => new TrialTimeSeriesParameter(name, bounds[i].Low, bounds[i].High,
            Unscale(means[i], bounds[i]), spreads[i] * (bounds[i].High - bounds[i].Low) / 2)).ToArray();
        var log = new TrialTimeSeriesLog(options.Epsilon, options.Delta, rho, steps.Sum(s => s.Rho), steps, n, 0, parameters, hourShares);
        return (log, means, spreads, hourShares);
    }

    private static Table Generate((TrialTimeSeriesLog Log, double[] Means, double[] Spreads, double[] HourShares) release,
        TrialTimeSeriesOptions options, int patients, BufferedRandom random, CancellationToken ct)
    {
        var bounds = TrialTraceModel.Bounds(options);
        var sensors = options.Sensors.Count;
        var cells = 2 * sensors;
        var ids = new List<string>();
        var times = new List<string>();
        var feet = new List<string>();
        var sensorNames = new List<string>();
        var temperatures = new List<string>();
        var hotShare = (release.Means[cells + 8] + 1) / 2;
        var hotMean = Unscale(release.Means[cells + 9], bounds[cells + 9]);
        var hotHeight = hotShare > 0 ? Math.Clamp(hotMean / hotShare, options.HotSpotThreshold, options.HotSpotMax) : 0;
        for (var p = 0; p < patients; p++)
        {
            ct.ThrowIfCancellationRequested();
            var theta = new double[bounds.Length];
            for (var i = 0; i < theta.Length; i++)
            {
                // The mean absolute deviation of a normal is σ√(2/π).
                var x = Math.Clamp(release.Means[i] + (release.Spreads[i] * Math.Sqrt(Math.PI / 2) * Normal(random)), -1, 1);
                theta[i] = Unscale(x, bounds[i]);
            }
            var count = Math.Max(2, (int)Math.Round(theta[cells + 7]));
            var perDay = Math.Max(1, (int)Math.Round(theta[cells + 6]));
            var start = options.Start.AddDays(random.Below(options.EnrolmentDays)).ToDateTime(TimeOnly.MinValue);
            var hot = random.NextDouble() < hotShare;
            var hotCell = hot ? random.Below(cells) : -1;
            var hotEnd = hot ? (count / 2) + random.Below(Math.Max(1, count - (count / 2))) : -1;
            var (phi, innovation, noise) = (theta[cells + 3], theta[cells + 4], theta[cells + 5]);
            var e = innovation / Math.Sqrt(1 - (phi * phi)) * Normal(random);
            var id = (p + 1).ToString(CultureInfo.InvariantCulture);
            for (var j = 0; j < count; j += perDay)
            {
                var hours = Enumerable.Range(0, Math.Min(perDay, count - j)).Select(q => Hour(release.HourShares, Math.Min(q, TrialTraceModel.Slots - 1), random)).Order().ToArray();
                for (var q = 0; q < hours.Length; q++)
                {
                    var measurement = j + q;
                    if (measurement > 0)
                    {
                        e = (phi * e) + (innovation * Normal(random));
                    }
                    var time = start.AddDays(j / perDay).AddHours(hours[q]);
                    var (sin, cos) = Math.SinCos(2 * Math.PI * hours[q] / 24);
                    var mean = theta[0] + (theta[cells + 1] * sin) + (theta[cells + 2] * cos) + e;
                    var rise = hot ? hotHeight * Math.Clamp(1 - ((double)(hotEnd - measurement) / RiseOf()), 0, 1) : 0;
                    var stamp = time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
                    for (var c = 0; c < cells; c++)
                    {
                        var side = c < sensors ? 0.5 : -0.5;
                        var t = mean + theta[1 + (c % sensors)] + (side * theta[1 + sensors + (c % sensors)]) + (noise * Normal(random)) + (c == hotCell && measurement >= hotEnd - RiseOf() ? rise : 0);
                        ids.Add(id);
                        times.Add(stamp);
                        feet.Add(options.Feet[c / sensors]);
                        sensorNames.Add(options.Sensors[c % sensors]);
                        temperatures.Add(Math.Clamp(Math.Round(t, 1), options.MinTemperature, options.MaxTemperature).ToString("0.0", CultureInfo.InvariantCulture));
                    }
                }
            }
        }
        return new Table(
        [
            Column.FromValues(options.PatientColumn, ids, ColumnType.Integer),
            Column.FromValues(options.TimeColumn, times),
            Column.FromValues(options.FootColumn, feet),
            Column.FromValues(options.SensorColumn, sensorNames),
            Column.FromValues(options.TemperatureColumn, temperatures, ColumnType.Decimal),
        ]);

        static int RiseOf() => TrialTraceModel.RiseMeasurements;
    }

    /// <summary>A time of day (hours, to the minute) for a day's slot, drawn from the released shares of that slot (of all slots if it has none).</summary>
    private static double Hour(double[] shares, int slot, BufferedRandom random)
    {
        var row = shares.AsSpan(slot * 24, 24);
        var total = 0.0;
        foreach (var x in row)
        {
            total += x;
        }
        if (!(total > 0))
        {
            row = shares.AsSpan(0, 24);
            total = 0;
            foreach (var x in row)
            {
                total += x;
            }
        }
        var u = random.NextDouble() * total;
        var h = 0;
        for (; h < 23 && u >= row[h]; h++)
        {
            u -= row[h];
        }
        return h + (random.Below(60) / 60.0);
    }

    private static double Normal(BufferedRandom random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static double Scale(double x, (double Low, double High) b) =>
        (2 * (Math.Clamp(double.IsFinite(x) ? x : (b.Low + b.High) / 2, b.Low, b.High) - b.Low) / (b.High - b.Low)) - 1;

    private static double Unscale(double x, (double Low, double High) b) => b.Low + ((x + 1) * (b.High - b.Low) / 2);

    private static long Quantize(double x) => (long)Math.Round(x * Grid);
}
