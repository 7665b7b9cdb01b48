namespace Sanitas.Anonymization;

/// <summary>A quasi-identifier as the engine sees it: a column, its hierarchy, the levels the search may use, and its weight.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Hierarchy">The generalization hierarchy.</param>
/// <param name="MinLevel">The lowest level the search may choose.</param>
/// <param name="MaxLevel">The highest level the search may choose, or <see langword="null"/> for the hierarchy's top.</param>
/// <param name="Weight">The attribute's weight in the utility metric (positive; scaled so the largest is 1).</param>
internal sealed record EngineQuasiIdentifier(string Name, Hierarchy Hierarchy, int MinLevel = 0, int? MaxLevel = null, double Weight = 1);
