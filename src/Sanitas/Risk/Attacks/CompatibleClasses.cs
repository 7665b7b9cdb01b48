using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Finds, for an adversary's raw quasi-identifier values, the released equivalence classes whose
/// values are all compatible with them (<see cref="GeneralizedValueMatch"/>). Shared by the
/// linkage and attribute-inference attacks; work is per distinct known combination.
/// </summary>
internal sealed class CompatibleClasses
{
    private readonly Column[] _known;
    private readonly int[][][] _compatible;
    private readonly List<int>?[] _classesByIndexCode;
    private readonly bool[][] _allowed;
    private readonly int _index;

    public CompatibleClasses(Table known, Table released, IReadOnlyList<string> quasiIdentifiers, IReadOnlyDictionary<string, Hierarchy>? hierarchies)
    {
        if (quasiIdentifiers.Count == 0)
        {
            throw new InvalidOptionException("The attack needs at least one quasi-identifier.");
        }
        var q = quasiIdentifiers.Count;
        _known = new Column[q];
        var releasedColumns = new Column[q];
        for (var i = 0; i < q; i++)
        {
            _known[i] = LinkageAttack.Require(known, quasiIdentifiers[i], "identified table");
            releasedColumns[i] = LinkageAttack.Require(released, quasiIdentifiers[i], "released table");
        }
        _compatible = new int[q][][];
        for (var i = 0; i < q; i++)
        {
            var hierarchy = hierarchies is not null && hierarchies.TryGetValue(quasiIdentifiers[i], out var h) ? h : null;
            _compatible[i] = Compatibility(_known[i], releasedColumns[i], hierarchy);
        }
        Classes = ReleasedClasses.Build(releasedColumns);
        // Candidates are looked up through the column with the most distinct released values.
        for (var i = 1; i < q; i++)
        {
            if (releasedColumns[i].DistinctCount > releasedColumns[_index].DistinctCount)
            {
                _index = i;
            }
        }
        _classesByIndexCode = new List<int>?[releasedColumns[_index].DistinctCount];
        for (var c = 0; c < Classes.Count; c++)
        {
            var code = Classes.Key(c)[_index];
            (_classesByIndexCode[code] ??= []).Add(c);
        }
        _allowed = new bool[q][];
        for (var i = 0; i < q; i++)
        {
            _allowed[i] = new bool[releasedColumns[i].DistinctCount];
        }
        PersonGroups = GroupPersons(_known, known.RowCount);
    }

    /// <summary>The released classes over the quasi-identifiers (suppressed records in none).</summary>
    public ReleasedClasses Classes { get; }

    /// <summary>Rows of the known table grouped by identical quasi-identifier values.</summary>
    public List<List<int>> PersonGroups { get; }

    /// <summary>Fills <paramref name="classes"/> with the classes compatible with the known row's values; returns their records.</summary>
    public long Find(int knownRow, HashSet<int> classes)
    {
        classes.Clear();
        for (var i = 0; i < _known.Length; i++)
        {
            Array.Clear(_allowed[i]);
            foreach (var r in _compatible[i][_known[i].Codes[knownRow]])
            {
                _allowed[i][r] = true;
            }
        }
        long records = 0;
        foreach (var code in _compatible[_index][_known[_index].Codes[knownRow]])
        {
            if (_classesByIndexCode[code] is not { } list)
            {
                continue;
            }
            foreach (var c in list)
            {
                var key = Classes.Key(c);
                var ok = true;
                for (var i = 0; i < key.Length && ok; i++)
                {
                    ok = _allowed[i][key[i]];
                }
                if (ok)
                {
                    classes.Add(c);
                    records += Classes.Size(c);
                }
            }
        }
        return records;
    }

    /// <summary>For each known code, the released codes compatible with it.</summary>
    private static int[][] Compatibility(Column known, Column released, Hierarchy? hierarchy)
    {
        var result = new int[Math.Max(1, known.DistinctCount)][];
        var list = new List<int>();
        for (var k = 0; k < result.Length; k++)
        {
            list.Clear();
            var raw = known.DistinctCount == 0 ? null : known.Dictionary[k];
            for (var r = 0; r < released.DistinctCount; r++)
            {
                if (GeneralizedValueMatch.Matches(released.Dictionary[r], raw, hierarchy))
                {
                    list.Add(r);
                }
            }
            result[k] = [.. list];
        }
        return result;
    }

    private static List<List<int>> GroupPersons(Column[] columns, int rows)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var key = new int[columns.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                key[i] = columns[i].Codes[r];
            }
            var text = string.Join(',', key);
            if (!groups.TryGetValue(text, out var list))
            {
                groups.Add(text, list = []);
            }
            list.Add(r);
        }
        return [.. groups.Values];
    }
}
