using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// Trains from files in the order the privacy principles ask: check the request against the
/// file's header and the bounds (no value read), charge the analyst's ledger, then read the
/// data, train with secure noise and write the model atomically. Over budget: nothing is read,
/// charged or written.
/// </summary>
public static class TrainingRun
{
    /// <summary>Runs the request.</summary>
    /// <exception cref="PrivacyBudgetExceededException">The analyst's budget does not cover the cost; nothing was charged or written.</exception>
    /// <exception cref="LearningException">A bad request (unknown column, missing bounds, no ledger for DP training).</exception>
    public static async Task<TrainingRunResult> RunAsync(TrainingRequest request, IRandomBits random, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(random);
        var options = request.PrivateMetricsOnly ? request.Options with { Folds = 0 } : request.Options;
        var columns = request.PivotReadings ? ReadingsPivot.TrialColumns : await ReadHeaderAsync(request.Input, ct).ConfigureAwait(false);
        var (epsilon, delta) = Trainer.Validate(options, columns);
        var isPrivate = Trainer.IsPrivate(options.Model, options.Mechanism);
        LedgerEntry? charge = null;
        if (isPrivate && !request.NoLedger)
        {
            if (request.Ledger is null || request.Analyst is null)
            {
                throw new LearningException("DP training is charged to an analyst's budget: give --ledger DB and --analyst NAME (or --no-ledger to train without charging, e.g. on your own data).");
            }
            var ledger = BudgetLedger.Open(request.Ledger);
            var dataset = request.Dataset ?? BudgetLedger.DatasetName(request.Ledger);
            charge = await ledger.ChargeAsync(request.Analyst, dataset, epsilon, delta,
                $"train {options.Model}/{options.Mechanism} on {Path.GetFileName(request.Input)} (target {options.Target})", ct).ConfigureAwait(false);
        }
        var table = await CsvReader.ReadAsync(request.Input, null, ct).ConfigureAwait(false);
        if (request.PivotReadings)
        {
            table = ReadingsPivot.ToMeasurements(table);
        }
        var model = await Task.Run(() => Trainer.Train(table, options, random, progress, ct), ct).ConfigureAwait(false);
        ModelFile.Save(model, request.Output);
        return new TrainingRunResult(model, charge);
    }

    private static async Task<IReadOnlyList<string>> ReadHeaderAsync(string path, CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        var header = await reader.ReadLineAsync(ct).ConfigureAwait(false)
            ?? throw new SanitasDataException($"{Path.GetFileName(path)}: the file is empty (expected a header row).");
        return [.. CsvReader.Parse(new StringReader(header + "\n"), Path.GetFileName(path), null, ct).ColumnNames];
    }
}
