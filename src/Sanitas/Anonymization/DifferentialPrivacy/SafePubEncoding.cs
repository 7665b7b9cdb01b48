using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// One quasi-identifier for SafePub: every column code's generalized code at every level of a
/// declared hierarchy. A value the hierarchy lacks gets its own code, shown as the hierarchy's top
/// value at every level (after the budget is charged nothing may fail on a value).
/// </summary>
internal sealed class SafePubEncoding
{
    private readonly int[] _rowCodes;
    private readonly int[][] _levelCodes;
    private readonly string?[][] _levelValues;

    public SafePubEncoding(Column column, Hierarchy hierarchy)
    {
        _rowCodes = column.CodeArray;
        var levels = hierarchy.LevelCount;
        MaxLevel = levels - 1;
        var top = hierarchy.Rows[0][levels - 1];
        _levelCodes = new int[levels][];
        _levelValues = new string?[levels][];
        Counts = new int[levels];
        for (var l = 0; l < levels; l++)
        {
            var values = hierarchy.GetLevelValues(l);
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                index.TryAdd(values[i], i);
            }
            var unknown = values.Count;
            var codes = new int[column.DistinctCount];
            for (var c = 0; c < codes.Length; c++)
            {
                codes[c] = hierarchy.TryGetRow(column.Dictionary[c], out var row) ? index[row[l]] : unknown;
            }
            _levelCodes[l] = codes;
            _levelValues[l] = [.. values, top];
            Counts[l] = values.Count + 1;
        }
    }

    /// <summary>The hierarchy's height.</summary>
    public int MaxLevel { get; }

    /// <summary>[level]: how many generalized codes there are (the hierarchy's values plus one for unknown values).</summary>
    public int[] Counts { get; }

    /// <summary>The generalized code of a row at a level.</summary>
    public int Code(int row, int level) => _levelCodes[level][_rowCodes[row]];

    /// <summary>The generalized value of a row at a level, as released.</summary>
    public string? Display(int row, int level) => _levelValues[level][Code(row, level)];
}
