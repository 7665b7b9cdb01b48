namespace Sanitas.Learning;

/// <summary>A training run: input (a CSV file, or a database table), options, where to charge, where to write.</summary>
/// <param name="Input">The CSV file; ignored (may be empty) when <see cref="Database"/> and <see cref="Table"/> name the input.</param>
/// <param name="Options">What to train.</param>
/// <param name="Output">The model file to write (atomically).</param>
/// <param name="Pivot">When the input is a long readings table (e.g. the trial's, <c>ClinicalTrialReadings.Layout</c>): its layout, with declared channels, to pivot it to one row per measurement; null: the input is used as it is.</param>
/// <param name="Ledger">The ledger database (SQLite path or Npgsql connection string); null only with <paramref name="NoLedger"/> or for non-private training, or with <see cref="Database"/> (whose database then holds the ledger, as <c>sanitas query</c>'s).</param>
/// <param name="Analyst">The analyst charged.</param>
/// <param name="Dataset">The ledger's dataset name (default: the name of <see cref="Database"/>, else of the ledger database, as <c>sanitas query</c> charges).</param>
/// <param name="NoLedger">Explicitly train a DP model without charging a ledger.</param>
/// <param name="NotPrivate">The data owner's explicit statement that a non-DP model (<c>--mechanism none</c>) may be trained; required for it.</param>
/// <param name="Test">A public or steward-supplied test set (CSV) for exact metrics, or null.</param>
public sealed record TrainingRequest(
    string Input, TrainingOptions Options, string Output, Data.SeriesLayout? Pivot = null,
    string? Ledger = null, string? Analyst = null, string? Dataset = null, bool NoLedger = false, bool NotPrivate = false, string? Test = null)
{
    /// <summary>
    /// The database to train from instead of <see cref="Input"/> (the analyst setting: no raw file): a SQLite
    /// path or an Npgsql connection string, with <see cref="Table"/>. Only the used columns are read, after the charge.
    /// </summary>
    public string? Database { get; init; }

    /// <summary>The table of <see cref="Database"/> to train from, as the database spells it.</summary>
    public string? Table { get; init; }

    /// <summary>
    /// Called with the ledger entry right after the charge, before any data is read (a service audits it there, so the
    /// charge is on record however the run ends: done, failed or cancelled). An exception from it ends the run.
    /// </summary>
    public Func<Privacy.LedgerEntry, Task>? Charged { get; init; }
}
