using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Server.Hosting;
using Sanitas.Server.Jobs;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Apis;

/// <summary>
/// DP training jobs for analysts, run as <c>sanitas train</c> runs them (<see cref="TrainingRun"/>)
/// but with everything that matters fixed by the server: the CSV and bounds are the steward's, the
/// mechanism must be differentially private, the ledger is the store's, the charge goes to the
/// caller on this dataset, the person is the metadata's privacyUnit of the training table (one random
/// row each), and the (non-private) cross-validated metrics are left out.
/// </summary>
internal sealed class TrainingService(ServerStore store, JobQueue jobs)
{
    /// <summary>The fixed error of a training job that failed after its charge (it may not depend on the data).</summary>
    public const string FailedAfterCharge = "Training failed after the ε was charged; the charge stands and no model was released.";

    public async Task<JobRecord> StartAsync(string analyst, DatasetRecord d, TrainingJobRequest request, CancellationToken ct)
    {
        if (d.TrainingCsv is null || d.TrainingBoundsYaml is null)
        {
            throw new ServerInputException($"Dataset '{d.Id}' offers no training table; the steward sets its CSV and bounds.");
        }
        var mechanism = request.Mechanism ?? "objective";
        var options = new TrainingOptions
        {
            Target = request.Target ?? throw new ServerInputException("'target' is required."),
            Model = request.Model ?? throw new ServerInputException("'model' is required (linear, logistic, naive-bayes, mlp)."),
            Mechanism = mechanism,
            Epsilon = request.Epsilon ?? throw new ServerInputException("'epsilon' is required."),
            Delta = request.Delta ?? 0,
            Features = request.Features,
            Bounds = LearningBounds.Parse(new StringReader(d.TrainingBoundsYaml), $"training bounds of '{d.Id}'"),
            Folds = 0,
        };
        if (!Trainer.Models.Contains(options.Model) || !Trainer.Mechanisms.Contains(mechanism) || !Trainer.IsPrivate(options.Model, mechanism))
        {
            throw new ServerInputException($"Analysts train with a differentially private mechanism: model one of {string.Join(", ", Trainer.Models)}, mechanism one of {string.Join(", ", Trainer.Mechanisms.Where(m => m != "none"))} that the model supports.");
        }
        // Every check the library makes before its charge, here, so that a bad request is a 400 now (no charge).
        var header = await CsvReader.ReadHeaderAsync(d.TrainingCsv, ct).ConfigureAwait(false);
        // The person is the steward's privacyUnit of the training table, so a person with several rows counts
        // as at most one (R = 1, a uniformly random row), never as several persons.
        options = options with { Unit = PersonColumn(d, header) };
        Trainer.Validate(options, header);
        var budget = await store.Ledger.GetAsync(analyst, d.Id, ct).ConfigureAwait(false);
        if (budget is null)
        {
            throw new PrivacyBudgetExceededException($"You have no privacy budget on '{d.Id}'; ask the data steward for one. Nothing was charged.");
        }
        var csv = d.TrainingCsv;
        return await jobs.EnqueueAsync("train", analyst, d.Id, System.Text.Json.JsonSerializer.Serialize(request), async context =>
        {
            var output = Path.Combine(context.Staging, "model.json");
            var trainingRequest = new TrainingRequest(csv, options, output, null, store.Database, analyst, d.Id, NoLedger: false)
            {
                // Audited at the charge, so that a run failing or cancelled after it still shows its charge.
                Charged = entry => store.AuditAsync(analyst, "charge", d.Id, entry.Epsilon, entry.Delta, $"train {options.Model}/{options.Mechanism}", CancellationToken.None),
            };
            await TrainingRun.RunAsync(trainingRequest, SecureRandom.Instance, context.Progress, context.Cancellation).ConfigureAwait(false);
            return ["model.json"];
        }, Describe, ct).ConfigureAwait(false) ?? throw new QueueFullException();
    }

    /// <summary>
    /// A job's error: the ledger's refusal and the library's own training errors pass (they come from
    /// metadata before the charge, or are <see cref="TrainingRun.FailedAfterCharge"/>, a fixed text);
    /// anything else gets this service's fixed text.
    /// </summary>
    private static string Describe(Exception e) => e is PrivacyBudgetExceededException or LearningException ? e.Message : FailedAfterCharge;

    /// <summary>
    /// The privacyUnit the dataset's metadata declares for the training table (the table named like the CSV
    /// file, or the only table), when the CSV has that column; null otherwise (every row a person).
    /// </summary>
    internal static string? PersonColumn(DatasetRecord d, IReadOnlyList<string> header)
    {
        var metadata = DatasetService.ParseMetadata(d.MetadataYaml, d.Id);
        var table = metadata.Table(Path.GetFileNameWithoutExtension(d.TrainingCsv!)) ?? (metadata.Tables.Count == 1 ? metadata.Tables.Values.First() : null);
        return table?.PrivacyUnit is { } unit && header.Contains(unit) ? unit : null;
    }
}
