using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// Trains from a CSV file or a database table in the order the privacy principles ask: plan the request
/// against the file's header or the table's schema and the bounds (no value read; everything that can
/// fail fails here), charge the analyst's
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
        var input = TrainingInput.Of(request);
        var columns = request.Pivot is { } layout ? SeriesPivot.WideColumns(layout) : await input.ColumnNamesAsync(ct).ConfigureAwait(false);
        var plan = Trainer.Plan(options, columns);
        var features = ModelEncoder.FeatureColumns(new Table(columns.Select(c => Column.FromValues(c, []))), options.Target, options.Features, options.Unit);
        IReadOnlyList<string> used = [.. features, options.Target, .. options.Unit is { } u ? [u] : Array.Empty<string>()];
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
            var ledgerDatabase = request.Ledger ?? input.Database;
            if (ledgerDatabase is null || request.Analyst is null)
            {
                throw new LearningException("DP training is charged to an analyst's budget: give `ledger` DB and `analyst` NAME (or `noLedger` to train without charging, e.g. on your own data).");
            }
            // Open existing only: a mistyped ledger must fail naming it, not train on a new, empty budget.
            var ledger = BudgetLedger.Open(ledgerDatabase, createIfMissing: false);
            var dataset = request.Dataset ?? BudgetLedger.DatasetName(input.Database ?? ledgerDatabase);
            charge = await ledger.ChargeAsync(request.Analyst, dataset, TrainingPlan.EpsilonOf(plan.Cost), TrainingPlan.DeltaOf(plan.Cost),
                $"train {options.Model}/{options.Mechanism} on {input.Name} (target {options.Target})", ct).ConfigureAwait(false);
            if (request.Charged is { } charged)
            {
                await charged(charge).ConfigureAwait(false);
            }
        }
        TrainedModel model;
        if (plan.IsPrivate)
        {
            try
            {
                model = await TrainAsync(request, input, used, options, test, random, progress, ct).ConfigureAwait(false);
                ModelFile.Save(model, request.Output);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new LearningException(FailedAfterCharge);
            }
        }
        else
        {
            model = await TrainAsync(request, input, used, options, test, random, progress, ct).ConfigureAwait(false);
            ModelFile.Save(model, request.Output);
        }
        return new TrainingRunResult(model, charge);
    }

    private static async Task<TrainedModel> TrainAsync(TrainingRequest request, TrainingInput input, IReadOnlyList<string> used, TrainingOptions options,
        Table? test, IRandomBits random, IProgress<double>? progress, CancellationToken ct)
    {
        var table = await input.ReadAsync(used, ct).ConfigureAwait(false);
        var isPrivate = Trainer.IsPrivate(options.Model, options.Mechanism);
        if (request.Pivot is { } layout)
        {
            table = SeriesPivot.ToWide(table, layout, lenient: isPrivate);
        }
        else if (!isPrivate && options.Missing == MissingValuePolicy.Error)
        {
            // The data owner's own data, nothing charged: name the first missing value's place.
            CheckComplete(table, input, used.Where(c => c != options.Unit));
        }
        return await Task.Run(() => Trainer.Train(table, options, random, progress, ct, test, request.Test is null ? null : Path.GetFileName(request.Test)), ct).ConfigureAwait(false);
    }

    /// <summary>The first missing value of a used column, as an error naming its place (not-private training only).</summary>
    private static void CheckComplete(Table table, TrainingInput input, IEnumerable<string> columns)
    {
        var used = columns.Select(c => DesignMatrix.Find(table, c)).ToArray();
        for (var row = 0; row < table.RowCount; row++)
        {
            foreach (var column in used)
            {
                if (column[row] is null)
                {
                    throw new LearningException(
                        $"{input.PlaceOf(row)}, column '{column.Name}': the value is missing; models need a value in every used column. Train with `missing` drop (leave such rows out) or impute-public (a declared public value).");
                }
            }
        }
    }
}
