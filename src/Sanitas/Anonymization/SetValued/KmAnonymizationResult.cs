namespace Sanitas.Anonymization.SetValued;

/// <summary>The result of km-anonymization.</summary>
/// <param name="Records">Each record's generalized item set (in input order).</param>
/// <param name="Generalization">The global cut: each item and the node it is released as.</param>
/// <param name="InformationLoss">Normalized certainty penalty: the mean over released item occurrences of (items covered - 1) / (all items - 1); 0 = nothing generalized.</param>
/// <param name="Steps">How many generalizations the search applied.</param>
public sealed record KmAnonymizationResult(IReadOnlyList<IReadOnlySet<string>> Records, IReadOnlyDictionary<string, string> Generalization, double InformationLoss, int Steps);
