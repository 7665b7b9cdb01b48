using Sanitas.Privacy;

namespace Sanitas.Synthesis;

/// <summary>What a synthesis run did.</summary>
/// <param name="Log">The privacy log of the release.</param>
/// <param name="Charge">The ledger entry charged, or null without a ledger.</param>
public sealed record SynthesisRunResult(SynthesisLog Log, LedgerEntry? Charge);
