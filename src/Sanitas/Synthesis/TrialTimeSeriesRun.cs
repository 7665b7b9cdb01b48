using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// <c>sanitas synth timeseries</c> from files, in the order the privacy principles ask: check the
/// options and the input's header (no value read), charge (ε, δ) to the analyst's ledger, then read
/// the readings, release the model with secure noise and write the synthetic readings and the
/// privacy log atomically. After the charge nothing fails on a value, and a failure is one fixed
/// sentence (<see cref="SynthesisRun.FailedAfterCharge"/>).
/// </summary>
public static class TrialTimeSeriesRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Runs a synthesis from <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <param name="input">The private readings CSV.</param>
    /// <param name="options">Budget, columns and declared bounds.</param>
    /// <param name="output">The synthetic readings CSV.</param>
    /// <param name="logPath">The privacy log (JSON), or null.</param>
    /// <param name="ledger">The budget ledger (SQLite file or Npgsql connection string), or null with <paramref name="noLedger"/>.</param>
    /// <param name="analyst">The analyst charged.</param>
    /// <param name="dataset">The ledger's dataset name (default: the ledger database's name).</param>
    /// <param name="noLedger">Do not charge (the operator's own data).</param>
    /// <param name="random">The noise source: <see cref="SecureRandom"/> for a release.</param>
    /// <param name="progress">Progress in [0, 1].</param>
    /// <param name="ct">Cancels.</param>
    /// <param name="charged">Called with the ledger entry right after the charge, before any data is read (to audit it
    /// whatever happens next); an exception from it ends the run.</param>
    /// <returns>The log and the ledger entry (null with <paramref name="noLedger"/>).</returns>
    public static async Task<(TrialTimeSeriesLog Log, LedgerEntry? Charge)> RunAsync(string input, TrialTimeSeriesOptions options, string output, string? logPath,
        string? ledger, string? analyst, string? dataset, bool noLedger, IRandomBits random, IProgress<double>? progress = null, CancellationToken ct = default,
        Func<LedgerEntry, Task>? charged = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(random);
        TrialTimeSeriesSynthesizer.Validate(options);
        var header = await CsvReader.ReadHeaderAsync(input, ct).ConfigureAwait(false);
        var missing = TrialTimeSeriesSynthesizer.RequiredColumns(options).Where(c => !header.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOptionException($"{Path.GetFileName(input)} lacks the column(s) {string.Join(", ", missing)}; its columns are: {string.Join(", ", header)}.");
        }
        LedgerEntry? charge = null;
        if (!noLedger)
        {
            if (ledger is null || analyst is null)
            {
                throw new InvalidOptionException("Synthesis is charged to an analyst's budget: give --ledger DB and --analyst NAME (or --no-ledger for your own data).");
            }
            var budget = BudgetLedger.Open(ledger, createIfMissing: false);
            charge = await budget.ChargeAsync(analyst, dataset ?? BudgetLedger.DatasetName(ledger), options.Epsilon, options.Delta,
                $"synth timeseries on {Path.GetFileName(input)}", ct).ConfigureAwait(false);
            if (charged is not null)
            {
                await charged(charge).ConfigureAwait(false);
            }
        }
        try
        {
            var table = await CsvReader.ReadAsync(input, null, ct).ConfigureAwait(false);
            var result = await Task.Run(() => TrialTimeSeriesSynthesizer.Synthesize(table, options, random, progress, ct), ct).ConfigureAwait(false);
            await SynthesisReports.WriteAtomicallyAsync(output, w => CsvWriter.WriteAsync(result.Synthetic, w, ',', ct)).ConfigureAwait(false);
            if (logPath is not null)
            {
                await SynthesisReports.WriteAtomicallyAsync(logPath, w => w.WriteAsync(LogJson(result.Log))).ConfigureAwait(false);
            }
            return (result.Log, charge);
        }
        catch (Exception e) when (charge is not null && e is not OperationCanceledException)
        {
            throw new SanitasDataException(SynthesisRun.FailedAfterCharge);
        }
    }

    /// <summary>The privacy log as JSON (for the analyst).</summary>
    public static string LogJson(TrialTimeSeriesLog log)
    {
        var node = JsonSerializer.SerializeToNode(log, Json)!.AsObject();
        node.Insert(0, "audience", TrialTimeSeriesLog.Audience);
        node.Insert(1, "mechanism", "timeseries");
        node.Insert(2, "neighbouring", "add or remove one patient (all of their readings)");
        return node.ToJsonString(Json);
    }

    /// <summary>The evaluation as JSON (for the data owner).</summary>
    public static string EvaluationJson(TrialTimeSeriesEvaluation evaluation)
    {
        var node = JsonSerializer.SerializeToNode(evaluation, Json)!.AsObject();
        node.Insert(0, "audience", TrialTimeSeriesEvaluation.Audience);
        node.Insert(1, "differentiallyPrivate", JsonValue.Create(false));
        return node.ToJsonString(Json);
    }
}
