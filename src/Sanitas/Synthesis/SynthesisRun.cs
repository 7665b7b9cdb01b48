using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>
/// Synthesizes from files in the order the privacy principles ask: load and check the domain, the
/// options and the input's header (no value read), charge (ε, δ) to the analyst's ledger, then read
/// the data, synthesize with secure noise and write the synthetic CSV and the privacy log
/// atomically. Over budget or on a bad request nothing is read, charged or written. After the
/// charge nothing fails on a value: out-of-domain values are clamped or mapped.
/// </summary>
public static class SynthesisRun
{
    /// <summary>Runs the request.</summary>
    /// <exception cref="PrivacyBudgetExceededException">The analyst's budget does not cover (ε, δ); nothing was charged or written.</exception>
    /// <exception cref="ConfigException">The configuration is invalid or names a column the input lacks.</exception>
    /// <exception cref="InvalidOptionException">Invalid options, or no ledger.</exception>
    public static async Task<SynthesisRunResult> RunAsync(SynthesisRequest request, IRandomBits random, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(random);
        var config = SynthesisConfig.Load(request.Config);
        Synthesizer.Validate(request.Options, config);
        var header = await CsvReader.ReadHeaderAsync(request.Input, ct).ConfigureAwait(false);
        config.CheckColumns(header, Path.GetFileName(request.Input));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.Output)) ?? ".");
        if (request.LogPath is { } logPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath)) ?? ".");
        }
        LedgerEntry? charge = null;
        if (!request.NoLedger)
        {
            if (request.Ledger is null || request.Analyst is null)
            {
                throw InvalidOptionException.Of("ledger", "Synthesis is charged to an analyst's budget: give `ledger` DB and `analyst` NAME (or `noLedger` for your own data).");
            }
            var ledger = BudgetLedger.Open(request.Ledger, createIfMissing: false);
            var dataset = request.Dataset ?? BudgetLedger.DatasetName(request.Ledger);
            charge = await ledger.ChargeAsync(request.Analyst, dataset, request.Options.Epsilon, request.Options.Delta,
                $"synth {request.Options.Mechanism} on {Path.GetFileName(request.Input)} ({config.Columns.Count} columns)", ct).ConfigureAwait(false);
            if (request.Charged is { } charged)
            {
                await charged(charge).ConfigureAwait(false);
            }
        }
        try
        {
            var table = await CsvReader.ReadAsync(request.Input, null, ct).ConfigureAwait(false);
            var result = await Task.Run(() => Synthesizer.Synthesize(table, config, request.Options, random, progress, ct), ct).ConfigureAwait(false);
            await SynthesisReports.WriteAtomicallyAsync(request.Output, w => CsvWriter.WriteAsync(result.Synthetic, w, ',', ct)).ConfigureAwait(false);
            if (request.LogPath is { } path)
            {
                await SynthesisReports.WriteAtomicallyAsync(path, w => w.WriteAsync(SynthesisReports.LogJson(result.Log))).ConfigureAwait(false);
            }
            return new SynthesisRunResult(result.Log, charge);
        }
        catch (Exception e) when (charge is not null && e is not OperationCanceledException)
        {
            // After the charge a message naming a row or value (a malformed CSV line) would depend on the data.
            throw new SanitasDataException(FailedAfterCharge);
        }
    }

    /// <summary>The message of any failure after the charge: fixed, so it carries nothing about the data.</summary>
    public const string FailedAfterCharge =
        "Synthesis failed after the budget was charged (the charge stands). The cause is not shown because it could depend on the data; check the input file with the data owner's tools.";
}
