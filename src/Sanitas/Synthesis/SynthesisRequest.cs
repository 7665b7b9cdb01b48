using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>A file-to-file synthesis run, as <c>sanitas synth</c> asks for it.</summary>
/// <param name="Input">The private CSV.</param>
/// <param name="Config">The domain (SYNTH.yaml).</param>
/// <param name="Options">Mechanism and budget.</param>
/// <param name="Output">The synthetic CSV, written atomically.</param>
/// <param name="LogPath">Where to write the privacy log (JSON, DP only), or null.</param>
/// <param name="Ledger">The budget ledger database, or null with <paramref name="NoLedger"/>.</param>
/// <param name="Analyst">The analyst charged.</param>
/// <param name="Dataset">The ledger's dataset name (default: the ledger database's name).</param>
/// <param name="NoLedger">Synthesize without charging (the operator's own data).</param>
public sealed record SynthesisRequest(string Input, string Config, SynthesisOptions Options, string Output, string? LogPath = null,
    string? Ledger = null, string? Analyst = null, string? Dataset = null, bool NoLedger = false)
{
    /// <summary>
    /// Called with the ledger entry right after the charge, before any data is read (a service audits it there, so the
    /// charge is on record however the run ends: done, failed or cancelled). An exception from it ends the run.
    /// </summary>
    public Func<LedgerEntry, Task>? Charged { get; init; }
}
