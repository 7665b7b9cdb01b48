using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// Trains from files in the order the privacy principles ask: plan the request against the file's
/// header and the bounds (no value read; everything that can fail fails here), charge the analyst's
/// ledger exactly the plan's composed cost, then read the data, train with secure noise and write the
/// model atomically. Over budget: nothing is read, charged or written. After the charge no message
/// depends on the data: values outside the declared domains are mapped, and a failure (an unreadable
/// file) reports a fixed sentence without any row, value or count.
/// </summary>
public static class TrainingRun
{
    /// <summary>The message of any failure after the charge: fixed, so it carries nothing about the data.</summary>
    public const string FailedAfterCharge =
        "Training failed after the budget was charged (the charge stands). The cause is not shown because it could depend on the data; check the input file with the data owner's tools (e.g. sanitas train --not-private).";

    /// <summary>Runs the request.</summary>
    /// <exception cref="PrivacyBudgetExceededException">The analyst's budget does not cover the cost; nothing was charged or written.</exception>
    /// <exception cref="LearningException">A bad request (unknown column, missing bounds, no ledger for DP training, no --not-private for a non-DP model), before any charge; or <see cref="FailedAfterCharge"/>.</exception>
    public static async Task<TrainingRunResult> RunAsync(TrainingRequest request, IRandomBits random, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(random);
        var options = request.Options;
        var columns = request.Pivot is { } layout ? SeriesPivot.WideColumns(layout) : await ReadHeaderAsync(request.Input, ct).ConfigureAwait(false);
        var plan = Trainer.Plan(options, columns);
        if (!plan.IsPrivate && !request.NotPrivate)
        {
            throw new LearningException($"`mechanism` {options.Mechanism} is not differentially private: training it is a data owner's operation on their own data. Add `notPrivate` to confirm; the model file is then labelled not private.");
        }
        if (plan.IsPrivate && request.NotPrivate)
        {
            throw new LearningException($"`notPrivate` contradicts the DP mechanism '{options.Mechanism}'; drop it.");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(request.Output));
        if (folder is null || !Directory.Exists(folder))
        {
            throw new LearningException($"`output` {request.Output}: the folder {folder} does not exist.");
        }
        Table? test = null;
        if (request.Test is { } testPath)
        {
            // The test set is public or supplied by the steward for evaluation: reading it before the charge reveals nothing private.
            test = await CsvReader.ReadAsync(testPath, null, ct).ConfigureAwait(false);
            if (request.Pivot is { } testLayout)
            {
                test = SeriesPivot.ToWide(test, testLayout);
            }
            Trainer.CheckTestColumns(options, columns, [.. test.ColumnNames], Path.GetFileName(testPath));
        }
        LedgerEntry? charge = null;
        if (plan.IsPrivate && !request.NoLedger)
        {
            if (request.Ledger is null || request.Analyst is null)
            {
                throw new LearningException("DP training is charged to an analyst's budget: give `ledger` DB and `analyst` NAME (or `noLedger` to train without charging, e.g. on your own data).");
            }
            var ledger = BudgetLedger.Open(request.Ledger, createIfMissing: false);
            var dataset = request.Dataset ?? BudgetLedger.DatasetName(request.Ledger);
            charge = await ledger.ChargeAsync(request.Analyst, dataset, TrainingPlan.EpsilonOf(plan.Cost), TrainingPlan.DeltaOf(plan.Cost),
                $"train {options.Model}/{options.Mechanism} on {Path.GetFileName(request.Input)} (target {options.Target})", ct).ConfigureAwait(false);
        }
        TrainedModel model;
        if (plan.IsPrivate)
        {
            try
            {
                model = await TrainAsync(request, options, test, random, progress, ct).ConfigureAwait(false);
                ModelFile.Save(model, request.Output);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new LearningException(FailedAfterCharge);
            }
        }
        else
        {
            model = await TrainAsync(request, options, test, random, progress, ct).ConfigureAwait(false);
            ModelFile.Save(model, request.Output);
        }
        return new TrainingRunResult(model, charge);
    }

    private static async Task<TrainedModel> TrainAsync(TrainingRequest request, TrainingOptions options, Table? test, IRandomBits random, IProgress<double>? progress, CancellationToken ct)
    {
        var table = await CsvReader.ReadAsync(request.Input, null, ct).ConfigureAwait(false);
        if (request.Pivot is { } layout)
        {
            table = SeriesPivot.ToWide(table, layout, lenient: Trainer.IsPrivate(options.Model, options.Mechanism));
        }
        return await Task.Run(() => Trainer.Train(table, options, random, progress, ct, test, request.Test is null ? null : Path.GetFileName(request.Test)), ct).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<string>> ReadHeaderAsync(string path, CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        var header = await reader.ReadLineAsync(ct).ConfigureAwait(false)
            ?? throw new SanitasDataException($"{Path.GetFileName(path)}: the file is empty (expected a header row).");
        return [.. CsvReader.Parse(new StringReader(header + "\n"), Path.GetFileName(path), null, ct).ColumnNames];
    }
}
