using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Server.Hosting;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;
using Sanitas.Synthesis;

namespace Sanitas.Server.Apis;

/// <summary>
/// DP synthetic-data jobs for analysts, run as <c>sanitas synth</c> runs them (<see cref="SynthesisRun"/>)
/// but with everything that matters fixed by the server: the input is the dataset's CSV table, the
/// domain is the steward's SYNTH.yaml, the person is the metadata's privacyUnit (declared as the
/// domain's <c>unit:</c>), the ledger is the store's and the charge goes to the caller on this dataset.
/// The analyst picks only the mechanism, ε, δ and the number of rows. The evaluation report
/// (<c>synth evaluate</c>) compares with the real rows without noise and is the steward's, not offered here.
/// </summary>
internal sealed class SynthesisService(ServerStore store, JobQueue jobs)
{
    /// <summary>The most synthetic rows one job may ask for (a resource limit, public).</summary>
    public const int MaxRows = 1_000_000;

    /// <summary>The fixed error of a synthesis job that failed after its charge (it may not depend on the data).</summary>
    public const string FailedAfterCharge = "Synthesis failed after the ε was charged; the charge stands and no table was released.";

    /// <summary>
    /// Checks a steward's SYNTH.yaml against the dataset (its CSV table's header and the metadata's
    /// person) and returns it parsed; every problem is a <see cref="ServerInputException"/> or
    /// <see cref="Configuration.ConfigException"/> naming the place.
    /// </summary>
    public static async Task<SynthesisConfig> CheckConfigAsync(DatasetRecord d, string yaml, CancellationToken ct)
    {
        if (d.TrainingCsv is null)
        {
            throw new ServerInputException($"Dataset '{d.Id}' has no CSV table to synthesize from (upload the dataset as a CSV, or register it with 'trainingCsv').");
        }
        var config = SynthesisConfig.Parse(new StringReader(yaml), $"synthesis config of '{d.Id}'");
        var header = await CsvReader.ReadHeaderAsync(d.TrainingCsv, ct).ConfigureAwait(false);
        config.CheckColumns(header, Path.GetFileName(d.TrainingCsv));
        if (TrainingService.PersonColumn(d, header) is { } person && config.Unit != person)
        {
            throw new ServerInputException(
                $"The metadata's privacy unit '{person}' is a column of {Path.GetFileName(d.TrainingCsv)}: declare `unit: {person}` at the top of the synthesis config, so that each person counts once{(config.Unit is null ? "" : $" (it declares '{config.Unit}')")}.");
        }
        return config;
    }

    /// <summary>Checks a steward's SYNTH.yaml (<see cref="CheckConfigAsync"/>), stores it for the dataset and writes the audit entry.</summary>
    public async Task SetConfigAsync(string steward, DatasetRecord d, string yaml, CancellationToken ct)
    {
        var config = await CheckConfigAsync(d, yaml, ct).ConfigureAwait(false);
        await store.SetSynthesisConfigAsync(d.Id, yaml, steward, ct).ConfigureAwait(false);
        await store.AuditAsync(steward, "synthesis-config-set", d.Id, null, null, $"synthesis domain of {config.Columns.Count} columns", CancellationToken.None).ConfigureAwait(false);
    }

    public async Task<JobRecord> StartAsync(string analyst, DatasetRecord d, SynthesisJobRequest request, CancellationToken ct)
    {
        var yaml = await store.SynthesisConfigAsync(d.Id, ct).ConfigureAwait(false)
            ?? throw new ServerInputException($"Dataset '{d.Id}' offers no synthetic data: the steward sets its synthesis config (PUT /api/datasets/{d.Id}/synthesis-config).");
        var mechanism = request.Mechanism ?? throw new ServerInputException($"'mechanism' is required ({string.Join(", ", Synthesizer.Mechanisms)}).");
        if (request.Rows is < 1 or > MaxRows)
        {
            throw new ServerInputException($"'rows' must be between 1 and {MaxRows:N0} (omit it for the DP estimate of the table's size).");
        }
        var options = new SynthesisOptions
        {
            Mechanism = mechanism,
            Epsilon = request.Epsilon ?? throw new ServerInputException("'epsilon' is required."),
            Delta = request.Delta ?? throw new ServerInputException("'delta' is required (positive; the Gaussian mechanism needs it, e.g. 1e-9)."),
            Rows = request.Rows,
        };
        // Every check the library makes before its charge, here, so that a bad request is a 400 now (no charge).
        Synthesizer.Validate(options, await CheckConfigAsync(d, yaml, ct).ConfigureAwait(false));
        await BudgetPrecheck.EnsureCoversAsync(store, analyst, d.Id, options.Epsilon, options.Delta, ct).ConfigureAwait(false);
        var csv = d.TrainingCsv!;
        var parameters = System.Text.Json.JsonSerializer.Serialize(request);
        return await jobs.EnqueueAsync("synth", analyst, d.Id, parameters, async context =>
        {
            var config = Path.Combine(context.Staging, "synthesis-config.yaml");
            await AtomicFile.WriteAllTextAsync(config, yaml, context.Cancellation).ConfigureAwait(false);
            var run = new SynthesisRequest(csv, config, options, Path.Combine(context.Staging, "synthetic.csv"), Path.Combine(context.Staging, "privacy-log.json"),
                store.Database, analyst, d.Id)
            {
                // Audited at the charge, so that a run failing or cancelled after it still shows its charge.
                Charged = entry => store.AuditAsync(analyst, "charge", d.Id, entry.Epsilon, entry.Delta, $"synth {mechanism}", CancellationToken.None),
            };
            await SynthesisRun.RunAsync(run, SecureRandom.Instance, context.Progress, context.Cancellation).ConfigureAwait(false);
            return ["synthetic.csv", "privacy-log.json"];
        }, Describe, ct).ConfigureAwait(false) ?? throw new QueueFullException();
    }

    /// <summary>
    /// A job's error: the ledger's refusal and the checks on metadata before the charge pass, and
    /// <see cref="SynthesisRun.FailedAfterCharge"/> is a fixed text; anything else gets this service's fixed text.
    /// </summary>
    private static string Describe(Exception e) =>
        e is PrivacyBudgetExceededException || (e is SanitasDataException && e.Message == SynthesisRun.FailedAfterCharge) ? e.Message : FailedAfterCharge;
}
