using Sanitas.Data;

namespace Sanitas.Risk;

/// <summary>Groups rows by the codes of some columns, refining one column at a time.</summary>
internal static class Grouping
{
    /// <summary>
    /// The group of every row (dense, numbered in order of first appearance), or -1 for excluded rows.
    /// </summary>
    public static int[] Group(IReadOnlyList<Column> columns, int rows, bool[]? excluded, out int groups)
    {
        var group = new int[rows];
        groups = 1;
        if (excluded is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                if (excluded[r])
                {
                    group[r] = -1;
                }
            }
        }
        if (rows == 0 || (excluded is not null && excluded.All(e => e)))
        {
            groups = 0;
            return group;
        }
        foreach (var column in columns)
        {
            groups = Refine(group, column.Codes, column.DistinctCount, groups);
        }
        return group;
    }

    /// <summary>Splits the groups of <paramref name="group"/> by <paramref name="codes"/>, in place; returns the new number of groups.</summary>
    public static int Refine(Span<int> group, ReadOnlySpan<int> codes, int distinct, int groups)
    {
        var next = 0;
        if ((long)groups * distinct <= 1 << 22)
        {
            var map = new int[groups * distinct];
            for (var r = 0; r < group.Length; r++)
            {
                if (group[r] < 0)
                {
                    continue;
                }
                ref var slot = ref map[(group[r] * distinct) + codes[r]];
                if (slot == 0)
                {
                    slot = ++next;
                }
                group[r] = slot - 1;
            }
            return next;
        }
        var dictionary = new Dictionary<long, int>();
        for (var r = 0; r < group.Length; r++)
        {
            if (group[r] < 0)
            {
                continue;
            }
            var key = ((long)group[r] * distinct) + codes[r];
            if (!dictionary.TryGetValue(key, out var id))
            {
                id = next++;
                dictionary.Add(key, id);
            }
            group[r] = id;
        }
        return next;
    }
}
