namespace Sanitas.Anonymization;

/// <summary>
/// Builds a hierarchy for categorical values from explicit groupings, one per level, for example
/// from configuration:
/// <code>
/// levels:
///   - { Married-civ-spouse: Married, Married-AF-spouse: Married, Never-married: Single, Divorced: Single }
///   - { Married: Partnered, Single: Alone }
/// </code>
/// followed by the top <c>*</c>.
/// </summary>
/// <remarks>
/// <para>
/// The first mapping sends each original value to its level-1 group. Each later mapping sends
/// a group of the level before to its group at this level; as a convenience it may instead be
/// keyed by original values (a key matching the previous level's group wins). Every value or
/// group must be mapped, else a <see cref="HierarchyException"/> lists the unmapped ones. When
/// keyed by original values, groups must still nest (all members of a group go to the same
/// group at the next level); a violation is reported naming both values.
/// </para>
/// <para>
/// The top <see cref="Top"/> is added unless the last mapping already sends everything to it.
/// A missing value (<see langword="null"/> or <c>""</c>) that the first mapping does not list gets
/// the row <c>""</c>, …, <c>""</c>, top; if the first mapping has a key <c>""</c>, it is grouped
/// like any other value.
/// </para>
/// </remarks>
public sealed class GroupingHierarchyBuilder
{
    private readonly IReadOnlyDictionary<string, string>[] _levels;

    /// <summary>Creates a builder from one mapping per level, level 1 first.</summary>
    /// <exception cref="ArgumentException">A mapping is null or maps to a null group.</exception>
    public GroupingHierarchyBuilder(IEnumerable<IReadOnlyDictionary<string, string>> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        _levels = [.. levels];
        for (var i = 0; i < _levels.Length; i++)
        {
            if (_levels[i] is null)
            {
                throw new ArgumentException($"The mapping for level {i + 1} is null.", nameof(levels));
            }
            foreach (var (key, group) in _levels[i])
            {
                if (group is null)
                {
                    throw new ArgumentException($"Level {i + 1}: '{key}' maps to null.", nameof(levels));
                }
            }
        }
    }

    /// <summary>The mappings, level 1 first (the top is not listed).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Levels => Array.AsReadOnly(_levels);

    /// <summary>The most general value (default <c>*</c>).</summary>
    public string Top { get; init; } = HierarchyBuilding.Top;

    /// <summary>Builds a hierarchy with one row per distinct value, in order of first appearance.</summary>
    /// <exception cref="HierarchyException">A value or group is unmapped, or groups do not nest.</exception>
    public Hierarchy Build(IEnumerable<string?> values)
    {
        var (distinct, hasMissing) = HierarchyBuilding.Distinct(values);
        if (hasMissing && _levels.Length > 0 && _levels[0].ContainsKey(Hierarchy.MissingValue))
        {
            distinct.Add(Hierarchy.MissingValue);
            hasMissing = false;
        }

        var rows = distinct.Select(v => new string[_levels.Length + 2]).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            rows[r][0] = distinct[r];
        }

        for (var l = 1; l <= _levels.Length; l++)
        {
            var mapping = _levels[l - 1];
            var unmapped = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (mapping.TryGetValue(row[l - 1], out var group) || (l > 1 && mapping.TryGetValue(row[0], out group)))
                {
                    row[l] = group;
                }
                else if (seen.Add(row[l - 1]))
                {
                    unmapped.Add(l == 1 ? $"'{row[0]}'" : $"'{row[l - 1]}' (from '{row[0]}')");
                }
            }
            if (unmapped.Count > 0)
            {
                var what = l == 1 ? "value" : "group";
                var noun = unmapped.Count == 1 ? $"{what} has" : $"{what}s have";
                var list = HierarchyBuilding.List(unmapped, quote: false);
                throw new HierarchyException($"Grouping hierarchy, level {l}: {unmapped.Count} {noun} no group: {list}.");
            }
            CheckNesting(rows, l);
        }

        var last = _levels.Length;
        var lastIsTop = last > 0 && rows.Count > 0 && rows.All(r => r[last] == Top);
        var levelCount = lastIsTop ? _levels.Length + 1 : _levels.Length + 2;
        for (var r = 0; r < rows.Count; r++)
        {
            if (lastIsTop)
            {
                rows[r] = rows[r][..levelCount];
            }
            else
            {
                rows[r][^1] = Top;
            }
        }
        if (hasMissing)
        {
            rows.Add(HierarchyBuilding.MissingRow(levelCount, Top));
        }
        return Hierarchy.FromRows(rows, "grouping hierarchy");
    }

    // Groups at level l - 1 (l >= 2) must each go to one group at level l.
    private static void CheckNesting(List<string[]> rows, int l)
    {
        if (l < 2)
        {
            return;
        }
        var parentOf = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!parentOf.TryGetValue(row[l - 1], out var first))
            {
                parentOf.Add(row[l - 1], row);
            }
            else if (first[l] != row[l])
            {
                throw new HierarchyException(
                    $"Grouping hierarchy, level {l}: groups do not nest: group '{row[l - 1]}' of level {l - 1} goes to " +
                    $"'{first[l]}' for '{first[0]}' but to '{row[l]}' for '{row[0]}'.");
            }
        }
    }
}
