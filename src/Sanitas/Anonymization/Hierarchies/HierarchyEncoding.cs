using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// A hierarchy encoded for one column, for the anonymization engine's hot loop: for every level
/// <c>l</c>, an <c>int</c> map from the column's codes (<see cref="Column.Codes"/>) to dense codes
/// at level <c>l</c>, and the value string of each dense code. Created by <see cref="Hierarchy.Encode"/>.
/// </summary>
/// <remarks>
/// <para>
/// Level 0 is the column itself: its map is the identity and its values are the column's
/// dictionary (<see langword="null"/> for the missing value). At level <c>l</c> ≥ 1 the dense
/// codes are 0 … <see cref="GetDistinctCount"/>(l) − 1, numbered in order of first appearance when
/// walking the column's codes 0, 1, 2, …; only generalized values that some column value maps to
/// get a code, so counting arrays can be sized by the data rather than by the hierarchy. The
/// values at level ≥ 1 are the hierarchy's strings verbatim (a missing value's row, keyed by
/// <see cref="Hierarchy.MissingValue"/>, typically reads <c>""</c> then <c>*</c>).
/// </para>
/// <para>
/// The generalized code of row <c>r</c> at level <c>l</c> is <c>GetMap(l)[column.Codes[r]]</c>;
/// the generalized value is <c>GetValues(l)</c> at that code.
/// </para>
/// </remarks>
public sealed class HierarchyEncoding
{
    internal HierarchyEncoding(Hierarchy hierarchy, Column column, int[][] maps, string?[][] values)
    {
        Hierarchy = hierarchy;
        Column = column;
        Maps = maps;
        LevelValues = values;
    }

    /// <summary>The hierarchy that was encoded.</summary>
    public Hierarchy Hierarchy { get; }

    /// <summary>The column the codes refer to.</summary>
    public Column Column { get; }

    /// <summary>The attribute (column) name.</summary>
    public string Attribute => Column.Name;

    /// <summary>The number of levels, including level 0.</summary>
    public int LevelCount => Maps.Length;

    /// <summary>The per-level maps, <c>Maps[level][columnCode]</c>; shared, never modify.</summary>
    internal int[][] Maps { get; }

    /// <summary>The per-level value strings, <c>LevelValues[level][code]</c>; shared, never modify.</summary>
    internal string?[][] LevelValues { get; }

    /// <summary>The map from column codes to dense codes at a level (length: the column's distinct count).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not in [0, <see cref="LevelCount"/>).</exception>
    public ReadOnlySpan<int> GetMap(int level) => Maps[CheckLevel(level)];

    /// <summary>The value of each dense code at a level (level 0: the column dictionary, <see langword="null"/> = missing).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not in [0, <see cref="LevelCount"/>).</exception>
    public IReadOnlyList<string?> GetValues(int level) => Array.AsReadOnly(LevelValues[CheckLevel(level)]);

    /// <summary>The number of distinct values at a level among values present in the column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not in [0, <see cref="LevelCount"/>).</exception>
    public int GetDistinctCount(int level) => LevelValues[CheckLevel(level)].Length;

    /// <summary>The number of distinct values at a level in the whole hierarchy (see <see cref="Hierarchy.GetDistinctCount"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not in [0, <see cref="LevelCount"/>).</exception>
    public int GetHierarchyDistinctCount(int level) => Hierarchy.GetDistinctCount(CheckLevel(level));

    /// <summary>The column generalized to one level, with the same name and (at level 0) the same type, others as text.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not in [0, <see cref="LevelCount"/>).</exception>
    public Column Generalize(int level)
    {
        CheckLevel(level);
        if (level == 0)
        {
            return Column;
        }
        var map = Maps[level];
        var source = Column.Codes;
        var codes = new int[source.Length];
        for (var r = 0; r < codes.Length; r++)
        {
            codes[r] = map[source[r]];
        }
        return Column.FromCodes(Column.Name, ColumnType.Text, (string?[])LevelValues[level].Clone(), codes);
    }

    private int CheckLevel(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, Maps.Length);
        return level;
    }
}
