namespace Sanitas.Synthesis;

/// <summary>
/// The per-patient model of insole readings the time-series generator releases. A patient's
/// measurement j (time of day h_j) has the mean temperature m_j = b + A sin(2πh_j/24) +
/// B cos(2πh_j/24) + e_j (a baseline, a cosinor daily rhythm — Halberg's model of circadian
/// data — and an AR(1) process e_j = φ e_{j−1} + s z_j over consecutive measurements), and each
/// cell reads m_j + d_{f,s} + r z (a per-foot, per-sensor offset and reading noise), plus a
/// pre-ulcer hot spot at one cell for some patients (a weekly left-right difference rising over
/// three weeks, as docs/clinical-trial.md describes the clinical picture). Each patient's
/// parameters are estimated from their own (clamped) readings and then clamped to declared bounds
/// and scaled to [−1, 1]: that bounded vector is the patient's whole contribution to the release.
/// </summary>
internal static class TrialTraceModel
{
    /// <summary>Measurements per window of the hot-spot and warning rules (a week at two a day).</summary>
    public const int Window = 14;

    /// <summary>Measurements over which a synthetic hot spot rises to its height (three weeks).</summary>
    public const int RiseMeasurements = 42;

    /// <summary>Slots of the day (a measurement's rank within its calendar day, the fourth and later share the last).</summary>
    public const int Slots = 4;

    /// <summary>
    /// The parameters' names, in vector order: per sensor the mean offset of both feet from the
    /// patient's mean, then per sensor the left − right asymmetry.
    /// </summary>
    public static IReadOnlyList<string> Names(TrialTimeSeriesOptions o) =>
    [
        "baseline",
        .. o.Sensors.Select(s => $"offset.{s}"),
        .. o.Sensors.Select(s => $"asymmetry.{s}"),
        "rhythm.sin", "rhythm.cos", "ar.phi", "ar.innovationSd", "readingSd", "measurementsPerDay", "measurements", "hotSpot.share", "hotSpot.height",
    ];

    /// <summary>Each parameter's declared [low, high].</summary>
    public static (double Low, double High)[] Bounds(TrialTimeSeriesOptions o) =>
    [
        o.Baseline,
        .. Enumerable.Repeat((-o.SensorDeviation, o.SensorDeviation), o.Sensors.Count),
        .. Enumerable.Repeat((-o.AsymmetryMax, o.AsymmetryMax), o.Sensors.Count),
        (-o.RhythmAmplitude, o.RhythmAmplitude), (-o.RhythmAmplitude, o.RhythmAmplitude),
        (0, 0.95), (0, o.InnovationMax), (0, o.ReadingNoiseMax), (1, o.MeasurementsPerDayMax), (2, o.MaxMeasurements),
        (0, 1), (0, o.HotSpotMax),
    ];

    /// <summary>Whether a parameter's spread over patients is released (the others are generated at their mean).</summary>
    public static bool[] HasSpread(TrialTimeSeriesOptions o) =>
    [
        true,
        .. Enumerable.Repeat(false, o.Sensors.Count),
        .. Enumerable.Repeat(true, o.Sensors.Count),
        false, false, false, false, false, false, true, false, false,
    ];

    /// <summary>
    /// A patient's parameters (unclamped; NaN-free) and the shares of their measurements by day slot
    /// and hour (<see cref="Slots"/> × 24, slot-major).
    /// </summary>
    public static (double[] Parameters, double[] HourShares) Estimate(PatientTraces.Measurement[] trace, TrialTimeSeriesOptions o)
    {
        var bounds = Bounds(o);
        var theta = bounds.Select(b => (b.Low + b.High) / 2).ToArray();
        var hours = new double[Slots * 24];
        var cells = 2 * o.Sensors.Count;
        var usable = trace.Where(m => m.Cells.Any(c => !double.IsNaN(c))).ToArray();
        var n = usable.Length;
        theta[cells + 7] = n;
        if (n == 0)
        {
            theta[cells + 8] = 0;
            theta[cells + 9] = 0;
            return (theta, hours);
        }
        var mean = new double[n];
        var h = new double[n];
        for (var j = 0; j < n; j++)
        {
            mean[j] = usable[j].Cells.Where(c => !double.IsNaN(c)).Average();
            h[j] = usable[j].Time.TimeOfDay.TotalHours;
            var slot = 0;
            for (var i = j - 1; i >= 0 && usable[i].Time.Date == usable[j].Time.Date; i--)
            {
                slot++;
            }
            hours[(Math.Min(slot, Slots - 1) * 24) + Math.Clamp((int)h[j], 0, 23)] += 1.0 / n;
        }
        var b = mean.Average();
        theta[0] = b;
        var offsets = new double[cells];
        for (var c = 0; c < cells; c++)
        {
            var deviations = Enumerable.Range(0, n).Where(j => !double.IsNaN(usable[j].Cells[c])).Select(j => usable[j].Cells[c] - mean[j]).ToArray();
            offsets[c] = deviations.Length > 0 ? deviations.Average() : 0;
        }
        var sensors = o.Sensors.Count;
        for (var s = 0; s < sensors; s++)
        {
            theta[1 + s] = (offsets[s] + offsets[sensors + s]) / 2;
            theta[1 + sensors + s] = offsets[s] - offsets[sensors + s];
        }
        // Cosinor: least squares of m_j − b on sin and cos of the hour angle.
        double ss = 0, sc = 0, cc = 0, sy = 0, cy = 0;
        for (var j = 0; j < n; j++)
        {
            var (sin, cos) = Math.SinCos(2 * Math.PI * h[j] / 24);
            var y = mean[j] - b;
            ss += sin * sin;
            sc += sin * cos;
            cc += cos * cos;
            sy += sin * y;
            cy += cos * y;
        }
        var det = (ss * cc) - (sc * sc);
        var (amplitudeSin, amplitudeCos) = det > 1e-9 * Math.Max(1, ss * cc) ? (((cc * sy) - (sc * cy)) / det, ((ss * cy) - (sc * sy)) / det) : (0.0, 0.0);
        theta[cells + 1] = amplitudeSin;
        theta[cells + 2] = amplitudeCos;
        var e = new double[n];
        for (var j = 0; j < n; j++)
        {
            var (sin, cos) = Math.SinCos(2 * Math.PI * h[j] / 24);
            e[j] = mean[j] - b - (amplitudeSin * sin) - (amplitudeCos * cos);
        }
        double lagged = 0, previous = 0;
        for (var j = 1; j < n; j++)
        {
            lagged += e[j] * e[j - 1];
            previous += e[j - 1] * e[j - 1];
        }
        var phi = previous > 0 ? Math.Clamp(lagged / previous, 0, 0.95) : 0;
        theta[cells + 3] = phi;
        theta[cells + 4] = n > 1 ? Math.Sqrt(Enumerable.Range(1, n - 1).Average(j => Math.Pow(e[j] - (phi * e[j - 1]), 2))) : 0;
        double noise = 0;
        var readings = 0;
        for (var j = 0; j < n; j++)
        {
            for (var c = 0; c < cells; c++)
            {
                if (!double.IsNaN(usable[j].Cells[c]))
                {
                    noise += Math.Pow(usable[j].Cells[c] - mean[j] - offsets[c], 2);
                    readings++;
                }
            }
        }
        theta[cells + 5] = readings > 0 ? Math.Sqrt(noise / readings) : 0;
        var days = Math.Max(1, Math.Floor((usable[^1].Time.Date - usable[0].Time.Date).TotalDays) + 1);
        theta[cells + 6] = n / days;
        var hot = HotSpotHeight(usable, o.Sensors.Count);
        theta[cells + 8] = hot > o.HotSpotThreshold ? 1 : 0;
        theta[cells + 9] = hot > o.HotSpotThreshold ? hot : 0;
        return (theta, hours);
    }

    /// <summary>The largest distance of a weekly mean left-right difference from the patient's overall one, over sensors.</summary>
    private static double HotSpotHeight(PatientTraces.Measurement[] trace, int sensors)
    {
        var best = 0.0;
        for (var s = 0; s < sensors; s++)
        {
            var d = trace.Where(m => !double.IsNaN(m.Cells[s]) && !double.IsNaN(m.Cells[sensors + s])).Select(m => m.Cells[s] - m.Cells[sensors + s]).ToArray();
            if (d.Length == 0)
            {
                continue;
            }
            var overall = d.Average();
            var window = Math.Min(Window, d.Length);
            var sum = d.AsSpan(0, window).ToArray().Sum();
            best = Math.Max(best, Math.Abs((sum / window) - overall));
            for (var j = window; j < d.Length; j++)
            {
                sum += d[j] - d[j - window];
                best = Math.Max(best, Math.Abs((sum / window) - overall));
            }
        }
        return best;
    }
}
