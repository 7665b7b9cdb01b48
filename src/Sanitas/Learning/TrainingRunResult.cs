using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>What a <see cref="TrainingRun"/> did.</summary>
/// <param name="Model">The trained model (also written to the output file).</param>
/// <param name="Charge">The ledger entry, or null when nothing was charged.</param>
public sealed record TrainingRunResult(TrainedModel Model, LedgerEntry? Charge);
