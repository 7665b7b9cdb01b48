namespace Sanitas.Query;

/// <summary>A GROUP BY key of a DP query as the plan sees it.</summary>
/// <param name="Expression">The key as written.</param>
/// <param name="IsPrivate">Whether its values are private, released only when they pass partition selection.</param>
/// <param name="DomainSize">The number of public values, every one released; null for a private key.</param>
public sealed record DpKeyExplanation(string Expression, bool IsPrivate, int? DomainSize);
