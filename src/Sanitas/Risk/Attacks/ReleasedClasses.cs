using Sanitas.Data;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// The equivalence classes of a released table over some columns: records with the same values
/// in every column. Records whose columns are all <c>*</c> are suppressed and belong to no class.
/// </summary>
internal sealed class ReleasedClasses
{
    private readonly List<int[]> _keys;
    private readonly List<int> _sizes;

    private ReleasedClasses(List<int[]> keys, List<int> sizes, int[] classOfRow)
    {
        _keys = keys;
        _sizes = sizes;
        ClassOfRow = classOfRow;
    }

    /// <summary>The class of each row, −1 for suppressed rows.</summary>
    public int[] ClassOfRow { get; }

    public int Count => _keys.Count;

    /// <summary>The column codes shared by the class's records.</summary>
    public int[] Key(int cls) => _keys[cls];

    public int Size(int cls) => _sizes[cls];

    public static ReleasedClasses Build(Column[] columns)
    {
        var rows = columns.Length == 0 ? 0 : columns[0].RowCount;
        var star = columns.Select(c => c.CodeOf(GeneralizedValueMatch.Suppressed)).ToArray();
        var classOfRow = new int[rows];
        var keys = new List<int[]>();
        var sizes = new List<int>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var key = new int[columns.Length];
        for (var r = 0; r < rows; r++)
        {
            var suppressed = true;
            for (var i = 0; i < columns.Length; i++)
            {
                var code = columns[i].Codes[r];
                key[i] = code;
                suppressed &= code == star[i];
            }
            if (suppressed)
            {
                classOfRow[r] = -1;
                continue;
            }
            var text = string.Join(',', key);
            if (!index.TryGetValue(text, out var cls))
            {
                cls = keys.Count;
                index.Add(text, cls);
                keys.Add((int[])key.Clone());
                sizes.Add(0);
            }
            sizes[cls]++;
            classOfRow[r] = cls;
        }
        return new ReleasedClasses(keys, sizes, classOfRow);
    }
}
