namespace Sanitas.Privacy;

/// <summary>One charge in the audit trail: who spent what, on what, when.</summary>
/// <param name="Id">The entry's sequence number.</param>
/// <param name="Analyst">The analyst charged.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Epsilon">The ε charged.</param>
/// <param name="Delta">The δ charged.</param>
/// <param name="Description">What the charge paid for (the query text, the model trained).</param>
/// <param name="ChargedAt">When the charge was committed (UTC).</param>
public sealed record LedgerEntry(long Id, string Analyst, string Dataset, double Epsilon, double Delta, string Description, DateTimeOffset ChargedAt);
