namespace Sanitas.Anonymization;

/// <summary>Something about a valid result the data steward should look at before releasing it.</summary>
/// <param name="Code">
/// <c>fully-generalized</c> (a quasi-identifier shows one value for every released record),
/// <c>suppression-dominates</c> (at least half of the records are suppressed) or
/// <c>group-mostly-suppressed</c> (more than half of the records with one generalized value are suppressed).
/// </param>
/// <param name="Attribute">The quasi-identifier concerned, if any.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record AnonymizationWarning(string Code, string? Attribute, string Message);
