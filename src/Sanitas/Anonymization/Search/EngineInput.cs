namespace Sanitas.Anonymization;

/// <summary>A quasi-identifier as the engine sees it: a column and its hierarchy.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Hierarchy">The generalization hierarchy.</param>
internal sealed record EngineQuasiIdentifier(string Name, Hierarchy Hierarchy);
