namespace Sanitas.Anonymization;

/// <summary>What a model needs to know about the data to prepare its per-class test.</summary>
/// <param name="SensitiveIndex">The index of the model's sensitive attribute among the engine's sensitive attributes.</param>
/// <param name="Values">The sensitive attribute's distinct values, indexed by code (null = missing).</param>
/// <param name="GlobalCounts">How often each code occurs in the whole input table.</param>
/// <param name="RowCount">The number of rows of the input table.</param>
/// <param name="ValueType">The sensitive attribute's column type (orders values for ordered distance).</param>
internal sealed record CriterionContext(int SensitiveIndex, IReadOnlyList<string?> Values, int[] GlobalCounts, int RowCount, Data.ColumnType ValueType);
