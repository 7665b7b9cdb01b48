namespace Sanitas.Anonymization;

/// <summary>A quasi-identifier as the engine sees it: a column and how to generalize its values.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Generalize">The generalized value of a column value (null = missing) at a level.</param>
/// <param name="LevelCount">The number of levels, including level 0.</param>
internal sealed record EngineQuasiIdentifier(string Name, Func<string?, int, string> Generalize, int LevelCount);
