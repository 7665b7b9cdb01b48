namespace Sanitas.Anonymization;

/// <summary>The outcome of checking one transformation against the privacy models.</summary>
/// <param name="NodeId">The lattice node.</param>
/// <param name="IsAnonymous">Whether the transformation satisfies every model within the suppression limit.</param>
/// <param name="SuppressedRecords">Records in classes that fail a model (all of them when not anonymous may be a lower count: the check stops early).</param>
/// <param name="Snapshot">The equivalence classes.</param>
/// <param name="Failing">Per class, whether it fails a model (and is suppressed); null when the check stopped early.</param>
internal sealed record NodeEvaluation(long NodeId, bool IsAnonymous, int SuppressedRecords, Snapshot Snapshot, bool[]? Failing);
