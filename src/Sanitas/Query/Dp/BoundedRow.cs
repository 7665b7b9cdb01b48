namespace Sanitas.Query;

/// <summary>
/// A row of the narrow input that contribution bounding kept: its row, its group, its person, and
/// whether the row bound R kept it too (false: the group and per-group bounds kept it, R did not;
/// only COUNT(DISTINCT person) counts such rows).
/// </summary>
internal readonly record struct BoundedRow(int Row, int Group, object Unit, bool InRows);
