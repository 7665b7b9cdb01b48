using System.Globalization;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Server.Hosting;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;
using Sanitas.Synthesis;

namespace Sanitas.Server.Apis;

/// <summary>
/// Synthetic insole readings for analysts, run as <c>sanitas synth timeseries</c> runs them
/// (<see cref="TrialTimeSeriesRun"/>: the library's mechanism, audited there) but with everything that
/// matters fixed by the server: the input is the dataset's readings CSV, the columns and bounds are the
/// steward's settings (<see cref="TrialTimeSeriesConfig"/>), the person is the metadata's privacyUnit
/// of the readings table, the ledger is the store's and the charge goes to the caller on this dataset.
/// The analyst picks only ε, δ and the number of synthetic patients (a public resource limit). What
/// this service adds to the mechanism is the order: every refusal before the charge, the charge, then
/// the data. The evaluation (<c>synth timeseries evaluate</c>: utility and the DTW attack against the
/// real readings, without noise) is the steward's and not offered here.
/// </summary>
internal sealed class TimeSeriesSynthesisService(ServerStore store, JobQueue jobs, ServerOptions options)
{
    /// <summary>The job kind.</summary>
    public const string JobKind = "synth-timeseries";

    /// <summary>The most synthetic readings one job may write (patients × measurements × feet × sensors; a public resource limit).</summary>
    public const int MaxReadings = 2_000_000;

    /// <summary>The fixed error of a job that failed after its charge (it may not depend on the data).</summary>
    public const string FailedAfterCharge = "Synthesis of readings failed after the ε was charged; the charge stands and no readings were released.";

    /// <summary>
    /// Checks a steward's settings against the dataset: the YAML itself, the readings CSV's header and
    /// the metadata's person. Every problem is a <see cref="ConfigException"/> naming the key's line
    /// or a <see cref="ServerInputException"/>; nothing but the header is read.
    /// </summary>
    public static async Task<TrialTimeSeriesConfig> CheckConfigAsync(DatasetRecord d, string readingsCsv, string yaml, CancellationToken ct)
    {
        var config = TrialTimeSeriesConfig.Parse(new StringReader(yaml), $"time-series config of '{d.Id}'");
        if (!File.Exists(readingsCsv))
        {
            throw new ServerInputException($"No readings CSV at '{readingsCsv}' on the server.");
        }
        var name = Path.GetFileName(readingsCsv);
        var header = await CsvReader.ReadHeaderAsync(readingsCsv, ct).ConfigureAwait(false);
        config.CheckColumns(header, name);
        var metadata = DatasetService.ParseMetadata(d.MetadataYaml, d.Id);
        // The person is the privacyUnit of the table named like the CSV (readings.csv → Readings), or the
        // one all tables share; without either the guarantee could not be said to be per person.
        var table = metadata.Table(Path.GetFileNameWithoutExtension(readingsCsv));
        var units = metadata.Tables.Values.Select(t => t.PrivacyUnit).Distinct(StringComparer.Ordinal).ToArray();
        if (table is not null)
        {
            config.CheckPerson(table.PrivacyUnit, $"the metadata's table '{table.Name}'");
        }
        else if (units.Length == 1)
        {
            config.CheckPerson(units[0], "the metadata (every table)");
        }
        else
        {
            throw new ServerInputException(
                $"The metadata of '{d.Id}' declares no table '{Path.GetFileNameWithoutExtension(readingsCsv)}' and its tables' persons differ ({string.Join(", ", units)}): name the readings CSV after its table in the metadata, so that the person is known.");
        }
        return config;
    }

    /// <summary>
    /// Checks a steward's settings (<see cref="CheckConfigAsync"/>), stores them with the readings CSV
    /// (<paramref name="readingsCsv"/>, or the one stored before when null) and writes the audit entry.
    /// </summary>
    public async Task<TimeSeriesConfigRecord> SetConfigAsync(string steward, DatasetRecord d, string? readingsCsv, string yaml, CancellationToken ct)
    {
        var csv = readingsCsv is { Length: > 0 } given ? options.Registrable(given, "The readings CSV")
            : (await store.TimeSeriesConfigAsync(d.Id, ct).ConfigureAwait(false))?.ReadingsCsv
            ?? throw new ServerInputException($"'readingsCsv' is required the first time: the path of the readings CSV on the server (dataset '{d.Id}' has none yet).");
        var config = await CheckConfigAsync(d, csv, yaml, ct).ConfigureAwait(false);
        await store.SetTimeSeriesConfigAsync(d.Id, csv, yaml, steward, ct).ConfigureAwait(false);
        await store.AuditAsync(steward, "timeseries-config-set", d.Id, null, null,
            $"readings {Path.GetFileName(csv)}, person {config.PatientColumn}, at most {config.MaxMeasurements} measurements each", CancellationToken.None).ConfigureAwait(false);
        return (await store.TimeSeriesConfigAsync(d.Id, ct).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Starts a job after every check that can refuse it: settings set and still valid against the CSV's
    /// header, ε, δ and patients in range, the caller's budget able to cover (ε, δ). The job charges the
    /// ledger first, then reads the readings.
    /// </summary>
    public async Task<JobRecord> StartAsync(string analyst, DatasetRecord d, TimeSeriesSynthesisJobRequest request, CancellationToken ct)
    {
        var stored = await store.TimeSeriesConfigAsync(d.Id, ct).ConfigureAwait(false)
            ?? throw new ServerInputException($"Dataset '{d.Id}' offers no synthetic readings: the steward sets its readings table and time-series settings (PUT /api/datasets/{d.Id}/timeseries-config).");
        var epsilon = request.Epsilon is { } e && double.IsFinite(e) && e > 0 ? e : throw new ServerInputException("'epsilon' must be a positive number (per patient).");
        var delta = request.Delta is { } dl && dl > 0 && dl < 1 ? dl : throw new ServerInputException("'delta' must be in (0, 1) (the Gaussian mechanism needs δ > 0, e.g. 1e-9).");
        // Settings and header again: the CSV may have changed since the steward set them.
        var config = await CheckConfigAsync(d, stored.ReadingsCsv, stored.ConfigYaml, ct).ConfigureAwait(false);
        var maxPatients = MaxPatients(config);
        if (maxPatients < 1)
        {
            throw new ServerInputException(string.Create(CultureInfo.InvariantCulture,
                $"One synthetic patient of this dataset's settings may get {config.MaxMeasurements:N0} measurements of {config.ReadingsPerMeasurement} readings, over the {MaxReadings:N0} readings a job may write: the steward lowers 'maxMeasurements'."));
        }
        if (request.Patients is not { } patients || patients < 1 || patients > maxPatients)
        {
            throw new ServerInputException(string.Create(CultureInfo.InvariantCulture,
                $"'patients' must be between 1 and {maxPatients:N0}: the number of synthetic patients (each gets up to {config.MaxMeasurements} measurements of {config.ReadingsPerMeasurement} readings; at most {MaxReadings:N0} readings per job). The privacy log reports the DP estimate of the real count."));
        }
        var options = config.ToOptions(epsilon, delta, patients);
        TrialTimeSeriesSynthesizer.Validate(options);
        await BudgetPrecheck.EnsureCoversAsync(store, analyst, d.Id, epsilon, delta, ct).ConfigureAwait(false);
        var csv = stored.ReadingsCsv;
        var parameters = System.Text.Json.JsonSerializer.Serialize(request);
        return await jobs.EnqueueAsync(JobKind, analyst, d.Id, parameters, async context =>
        {
            // Audited at the charge, so that a run failing or cancelled after it still shows its charge.
            await TrialTimeSeriesRun.RunAsync(csv, options, Path.Combine(context.Staging, "synthetic-readings.csv"),
                Path.Combine(context.Staging, "privacy-log.json"), store.Database, analyst, d.Id, noLedger: false, SecureRandom.Instance,
                context.Progress, context.Cancellation,
                entry => store.AuditAsync(analyst, "charge", d.Id, entry.Epsilon, entry.Delta, "synth timeseries", CancellationToken.None)).ConfigureAwait(false);
            return ["synthetic-readings.csv", "privacy-log.json"];
        }, Describe, ct).ConfigureAwait(false) ?? throw new QueueFullException();
    }

    /// <summary>The most synthetic patients one job may ask for with these settings (each may get maxMeasurements measurements).</summary>
    public static int MaxPatients(TrialTimeSeriesConfig config) => MaxReadings / (config.MaxMeasurements * config.ReadingsPerMeasurement);

    /// <summary>
    /// A job's error: the ledger's refusal passes; the library's checks on the options and the header
    /// (<see cref="InvalidOptionException"/>, <see cref="ConfigException"/>) happen before its charge (it
    /// turns every failure after the charge into one fixed text), so they pass with "nothing was charged";
    /// anything else gets this service's fixed text.
    /// </summary>
    private static string Describe(Exception e) => e switch
    {
        PrivacyBudgetExceededException => e.Message,
        InvalidOptionException or ConfigException => $"Refused before any charge (nothing was charged): {e.Message}",
        _ => FailedAfterCharge,
    };
}
