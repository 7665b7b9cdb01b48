using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sanitas.Anonymization.TimeSeries;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Samples;

namespace Sanitas.Workflows;

/// <summary>
/// <c>sanitas timeseries anonymize</c>: anonymizes series per person (the trial's temperature traces, an
/// ECG's leads) by aggregation to windows (PAA), k-anonymous traces (k-member clustering with a
/// distortion bound) or a DP release of per-window statistics, and measures distortion and the DTW
/// re-identification attack before and after. The DP path follows the privacy principles: options and
/// the input's header are checked first (no value read), ε is charged to an existing ledger, and after
/// the charge nothing fails on a value (a failure is <see cref="FailedAfterCharge"/>).
/// </summary>
public static class TimeSeriesAnonymizer
{
    /// <summary>The message of any failure after the charge: fixed, so it carries nothing about the data.</summary>
    public const string FailedAfterCharge =
        "The differentially private time-series release failed after the budget was charged (the charge stands). The cause is not shown because it could depend on the data; check the input file with the data owner's tools.";

    private static readonly string[] TrialColumns = ["PatientId", "Time", "Foot", "Sensor", "Temperature"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Runs the request.</summary>
    /// <param name="request">What to do.</param>
    /// <param name="random">The DP noise: <see cref="SecureRandom.Instance"/> for a release (PAA and k-anonymity draw nothing).</param>
    /// <param name="progress">Share done.</param>
    /// <param name="cancellationToken">Cancels; nothing is written then.</param>
    /// <exception cref="InvalidOptionException">An option is out of range or missing, before any charge.</exception>
    /// <exception cref="SanitasDataException">The input lacks a column or (PAA, k-anonymity) a series is too short; or <see cref="FailedAfterCharge"/>.</exception>
    /// <exception cref="PrivacyBudgetExceededException">The budget does not cover ε; nothing was charged, read or written.</exception>
    public static async Task<TimeSeriesAnonymizationReport> RunAsync(TimeSeriesAnonymizationRequest request, IRandomBits random, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(random);
        Validate(request);
        if (request.Input is { } input)
        {
            await CheckHeaderAsync(input, request.TimeColumn, cancellationToken).ConfigureAwait(false);
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(request.Output));
        if (folder is null || !Directory.Exists(folder))
        {
            throw InvalidOptionException.Of("output", $"`output` {request.Output}: the folder {folder} does not exist.");
        }
        if (request.Method != TimeSeriesMethod.DifferentialPrivacy)
        {
            var series = await LoadAsync(request, cancellationToken).ConfigureAwait(false);
            return await Task.Run(() => AnonymizeAsync(request, series, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        var options = DpOptions(request);
        LedgerEntry? charge = null;
        if (!request.NoLedger)
        {
            var ledger = BudgetLedger.Open(request.Ledger!, createIfMissing: false);
            charge = await ledger.ChargeAsync(request.Analyst!, request.Dataset ?? BudgetLedger.DatasetName(request.Ledger!), options.Epsilon, options.Delta,
                $"timeseries anonymize dp on {(request.Input is null ? "the simulated trial" : Path.GetFileName(request.Input))}", cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var series = await LoadAsync(request, cancellationToken).ConfigureAwait(false);
            return await Task.Run(() => ReleaseDpAsync(request, options, series, charge, random, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (charge is not null && e is not OperationCanceledException)
        {
            throw new SanitasDataException(FailedAfterCharge);
        }
    }

    /// <summary>The report as JSON (camelCase; the method in kebab case).</summary>
    public static string ToJson(TimeSeriesAnonymizationReport report) => JsonSerializer.Serialize(report, Json);

    private static void Validate(TimeSeriesAnonymizationRequest r)
    {
        ArgumentException.ThrowIfNullOrEmpty(r.Output);
        if (r.Length < 2)
        {
            throw InvalidOptionException.Of("length", $"`length` must be at least 2 points, got {r.Length}.");
        }
        if (r.Window < 1 || r.Window > r.Length)
        {
            throw InvalidOptionException.Of("window", $"`window` must be between 1 and `length` ({r.Length}) points, got {r.Window}.");
        }
        if (r.Input is null && r.Patients < 1)
        {
            throw InvalidOptionException.Of("patients", $"`patients` must be at least 1, got {r.Patients}.");
        }
        if (r.AttackShift < 0 || !(r.AttackNoise >= 0) || double.IsInfinity(r.AttackNoise) || !(r.Band >= 0 && r.Band <= 1))
        {
            throw InvalidOptionException.Of("band", $"The attack needs `attackShift` ≥ 0, `attackNoise` ≥ 0 and `band` in [0, 1]; got {r.AttackShift}, {r.AttackNoise}, {r.Band}.");
        }
        switch (r.Method)
        {
            case TimeSeriesMethod.KAnonymity when r.K < 2:
                throw InvalidOptionException.Of("k", $"`k` must be at least 2, got {r.K}.");
            case TimeSeriesMethod.KAnonymity when r.MaxDistortion is { } d && !(d > 0):
                throw InvalidOptionException.Of("maxDistortion", $"`maxDistortion` must be positive, got {d}.");
            case TimeSeriesMethod.DifferentialPrivacy:
                DpOptions(r).Validate();
                if (r.NoLedger && (r.Ledger is not null || r.Analyst is not null))
                {
                    throw InvalidOptionException.Of("noLedger", "`noLedger` contradicts `ledger`/`analyst`; drop one.");
                }
                if (!r.NoLedger && (r.Ledger is null || r.Analyst is null))
                {
                    throw InvalidOptionException.Of("ledger", "A DP release is charged to an analyst's budget: give `ledger` DB and `analyst` NAME (or `noLedger` for your own data).");
                }
                if (r.Evaluate && !r.NoLedger)
                {
                    throw InvalidOptionException.Of("evaluate", "`evaluate` compares the release with the data: the data owner's operation, only with `noLedger`.");
                }
                break;
        }
    }

    private static DpWindowOptions DpOptions(TimeSeriesAnonymizationRequest r)
    {
        if (r.Lower is null || r.Upper is null)
        {
            throw InvalidOptionException.Of("bounds", "A DP release needs declared bounds `lower` and `upper` (never read from the data).");
        }
        return new DpWindowOptions(r.Epsilon, r.Delta, r.Lower.Value, r.Upper.Value, r.Resolution, r.ByHour, r.Window, r.Length);
    }

    private static async Task CheckHeaderAsync(string input, string? timeColumn, CancellationToken ct)
    {
        if (!File.Exists(input))
        {
            throw InvalidOptionException.Of("input", $"`input` {input} does not exist.");
        }
        string? line;
        using (var reader = new StreamReader(input))
        {
            line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
        }
        var header = line is null ? [] : CsvReader.Parse(new StringReader(line + "\n"), Path.GetFileName(input), new CsvOptions { HasHeader = true }).ColumnNames.ToArray();
        string[] needed = timeColumn is null ? TrialColumns : [timeColumn];
        var missing = needed.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            throw new SanitasDataException($"{Path.GetFileName(input)} lacks the column(s) {string.Join(", ", missing)}; its columns are: {string.Join(", ", header)}.{(timeColumn is null ? " (Without a time column the input is the trial's readings; give the time column of a wide table.)" : "")}");
        }
        if (timeColumn is not null && header.Length < 2)
        {
            throw new SanitasDataException($"{Path.GetFileName(input)} has no series column besides '{timeColumn}'.");
        }
    }

    private static async Task<SeriesSet> LoadAsync(TimeSeriesAnonymizationRequest r, CancellationToken ct)
    {
        if (r.Input is null)
        {
            var options = new ClinicalTrialOptions { Patients = r.Patients, Seed = r.Seed };
            options.Validate();
            return ClinicalTrialReadings.Traces(ClinicalTrialGenerator.Generate(options, null, ct).Readings, ct);
        }
        var table = await CsvReader.ReadAsync(r.Input, null, ct).ConfigureAwait(false);
        return r.TimeColumn is { } time ? SeriesSet.FromWide(table, time) : ClinicalTrialReadings.Traces(table, ct);
    }

    private static async Task<TimeSeriesAnonymizationReport> AnonymizeAsync(TimeSeriesAnonymizationRequest r, SeriesSet series, IProgress<double>? progress, CancellationToken ct)
    {
        var traces = series.MeanOverChannels().Persons.Select(p => p.Channels[0]).ToArray();
        if (r.Method == TimeSeriesMethod.KAnonymity && traces.Length < r.K)
        {
            throw new SanitasDataException($"There are {traces.Length} series, fewer than `k` = {r.K}.");
        }
        for (var p = 0; p < traces.Length; p++)
        {
            if (traces[p].Length < r.Length)
            {
                throw new SanitasDataException($"The series of '{series.Persons[p].Person}' has {traces[p].Length} points; `length` asks for {r.Length}.");
            }
        }
        var originals = traces.Select(t => t[..r.Length]).ToArray();
        var windowed = originals.Select(t => SeriesWindows.Means(t, r.Window)).ToArray();
        List<double[]> released;
        int[] referenceOf;
        var report = new TimeSeriesAnonymizationReport(r.Method, "data owner", Path.GetFullPath(r.Output), r.Window, r.Length) { Series = traces.Length };
        var text = new StringBuilder();
        if (r.Method == TimeSeriesMethod.Paa)
        {
            released = [.. windowed];
            referenceOf = [.. Enumerable.Range(0, traces.Length)];
            text.Append("Series,Window,Start,Value\n");
            for (var p = 0; p < released.Count; p++)
            {
                for (var w = 0; w < released[p].Length; w++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{p + 1},{w},{Csv(series.Persons[p].Times[w * r.Window])},{Number(released[p][w])}\n");
                }
            }
            report = report with { Notes = ["PAA coarsens each trace in time; every person still has their own released trace (not anonymization on its own)."] };
        }
        else
        {
            var (groups, suppressed) = KMemberTraceClustering.Cluster(windowed, originals, r.Window, r.K, r.MaxDistortion, new Progress<double>(v => progress?.Report(0.3 * v)), ct);
            released = [.. groups.Select(g => g.Centroid)];
            referenceOf = Enumerable.Repeat(-1, traces.Length).ToArray();
            text.Append("Group,Size,Window,Value\n");
            for (var g = 0; g < groups.Count; g++)
            {
                foreach (var m in groups[g].Members)
                {
                    referenceOf[m] = g;
                }
                for (var w = 0; w < groups[g].Centroid.Length; w++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{g + 1},{groups[g].Members.Length},{w},{Number(groups[g].Centroid[w])}\n");
                }
            }
            report = report with
            {
                K = r.K,
                Groups = groups.Count,
                SmallestGroup = groups.Count == 0 ? null : groups.Min(g => g.Members.Length),
                Suppressed = suppressed.Sum(g => g.Members.Length),
                MaxDistortion = r.MaxDistortion,
                DistortionBound = groups.Count == 0 ? 0 : groups.Max(g => g.Distortion),
                Notes = ["Each released trace is the pointwise mean of its group's (windowed) traces; the distortion bound is the largest RMSE per point between a released person's original trace and their group's trace."],
            };
        }
        var (rmse, curve, perHour) = Distortion(series, originals, released, referenceOf, r.Window);
        var before = TimeSeriesReidentification.Run(traces, r.Length, originals, [.. Enumerable.Range(0, traces.Length)], 1, r, new Progress<double>(v => progress?.Report(0.3 + (0.35 * v))), ct);
        var after = released.Count == 0
            ? new TimeSeriesAttackOutcome(0, traces.Length, 1.0 / traces.Length)
            : TimeSeriesReidentification.Run(traces, r.Length, released, referenceOf, r.Window, r, new Progress<double>(v => progress?.Report(0.65 + (0.35 * v))), ct);
        await AtomicFile.WriteAllTextAsync(r.Output, text.ToString(), ct).ConfigureAwait(false);
        return report with { RmsePerPoint = rmse, MeanCurveMaxError = curve, PerHourMeanCurveMaxError = perHour, AttackBefore = before, AttackAfter = after };
    }

    private static async Task<TimeSeriesAnonymizationReport> ReleaseDpAsync(TimeSeriesAnonymizationRequest r, DpWindowOptions options, SeriesSet series, LedgerEntry? charge,
        IRandomBits random, IProgress<double>? progress, CancellationToken ct)
    {
        var (counts, means) = DpWindowStatistics.Release(series, options, random, ct);
        progress?.Report(0.5);
        var text = new StringBuilder(options.ByHour ? "Hour,Count,Mean\n" : "Window,Start,Count,Mean\n");
        for (var w = 0; w < counts.Length; w++)
        {
            text.Append(options.ByHour
                ? string.Create(CultureInfo.InvariantCulture, $"{w},{counts[w]},{Number(means[w])}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{w},{w * options.Window},{counts[w]},{Number(means[w])}\n"));
        }
        var report = new TimeSeriesAnonymizationReport(r.Method, r.Evaluate ? "data owner" : "analyst", Path.GetFullPath(r.Output), options.ByHour ? 0 : options.Window, options.ByHour ? 0 : options.Length)
        {
            Epsilon = options.Epsilon,
            Delta = options.Delta,
            LedgerEntry = charge?.Id,
            Notes =
            [
                options.Gaussian
                    ? string.Create(CultureInfo.InvariantCulture, $"(ε, δ) = ({options.Epsilon}, {options.Delta})-DP for neighbouring datasets that differ in one person: {options.WindowCount} windows, each person's window mean clamped to [{options.Lower}, {options.Upper}] in steps of {options.Resolution} and centred; discrete Gaussian noise (ρ = {DpWindowStatistics.Rho(options):G4} zCDP, half each) on sums (L2 sensitivity √{options.WindowCount}·{options.HalfSteps} steps) and counts (√{options.WindowCount}).")
                    : string.Create(CultureInfo.InvariantCulture, $"ε-DP for neighbouring datasets that differ in one person: {options.WindowCount} windows, each person's window mean clamped to [{options.Lower}, {options.Upper}] in steps of {options.Resolution} and centred; discrete Laplace noise on sums (L1 sensitivity {options.WindowCount * options.HalfSteps} steps) and counts ({options.WindowCount}), ε/2 each."),
                "The release holds no per-person trace: the DTW attack can do no better than guessing.",
            ],
        };
        if (r.Evaluate)
        {
            var (exactCounts, exactSums) = DpWindowStatistics.Exact(series, options);
            var error = Enumerable.Range(0, counts.Length).Where(w => exactCounts[w] > 0).Select(w => Math.Abs(means[w] - (exactSums[w] / exactCounts[w]))).DefaultIfEmpty(0).Max();
            var traces = series.MeanOverChannels().Persons.Select(p => p.Channels[0]).ToArray();
            var length = Math.Min(r.Length, traces.Min(t => t.Length));
            var before = TimeSeriesReidentification.Run(traces, length, traces.Select(t => t[..length]).ToArray(), [.. Enumerable.Range(0, traces.Length)], 1, r,
                new Progress<double>(v => progress?.Report(0.5 + (0.5 * v))), ct);
            report = report with
            {
                Series = traces.Length,
                MeanCurveMaxError = error,
                PerHourMeanCurveMaxError = options.ByHour ? error : null,
                AttackBefore = before,
                AttackAfter = new TimeSeriesAttackOutcome(1.0 / traces.Length, traces.Length, 1.0 / traces.Length),
            };
        }
        await AtomicFile.WriteAllTextAsync(r.Output, text.ToString(), ct).ConfigureAwait(false);
        progress?.Report(1);
        return report;
    }

    // RMSE per point over released persons; the largest error of the mean curve per point index and per hour of the day.
    private static (double Rmse, double Curve, double? PerHour) Distortion(SeriesSet series, double[][] originals, List<double[]> released, int[] referenceOf, int window)
    {
        var length = originals[0].Length;
        double squares = 0;
        long points = 0;
        var originalCurve = new double[length];
        var releasedCurve = new double[length];
        var hourOriginal = new double[24];
        var hourReleased = new double[24];
        var hourCount = new int[24];
        var persons = 0;
        var isoTimes = true;
        for (var p = 0; p < originals.Length; p++)
        {
            if (referenceOf[p] < 0)
            {
                continue;
            }
            persons++;
            var trace = released[referenceOf[p]];
            for (var j = 0; j < length; j++)
            {
                var value = trace[Math.Min(j / window, trace.Length - 1)];
                var d = originals[p][j] - value;
                squares += d * d;
                points++;
                originalCurve[j] += originals[p][j];
                releasedCurve[j] += value;
                var hour = DpWindowStatistics.Hour(series.Persons[p].Times[j]);
                if (hour < 0)
                {
                    isoTimes = false;
                    continue;
                }
                hourOriginal[hour] += originals[p][j];
                hourReleased[hour] += value;
                hourCount[hour]++;
            }
        }
        if (persons == 0)
        {
            return (0, 0, null);
        }
        var curve = Enumerable.Range(0, length).Max(j => Math.Abs(originalCurve[j] - releasedCurve[j]) / persons);
        double? perHour = isoTimes
            ? Enumerable.Range(0, 24).Where(h => hourCount[h] > 0).Select(h => Math.Abs(hourOriginal[h] - hourReleased[h]) / hourCount[h]).DefaultIfEmpty(0).Max()
            : null;
        return (Math.Sqrt(squares / points), curve, perHour);
    }

    private static string Number(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Csv(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
