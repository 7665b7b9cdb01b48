using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using Sanitas.Data;

namespace Sanitas.Anonymization;

/// <summary>
/// An immutable generalization hierarchy for one attribute, in ARX's tabular form: one row per
/// original value, holding the value (level 0) followed by its generalization at level 1, 2, …,
/// up to the most general level (usually <c>*</c>).
/// </summary>
/// <remarks>
/// <para>
/// Construction checks that there is at least one row, that every row has the same number of
/// levels, that no original value occurs twice, and that the hierarchy is functional: a value
/// at level <c>i</c> (i ≥ 1) always generalizes to the same value at level <c>i + 1</c>.
/// Consistency is checked per level, so the same string may appear at several levels (for
/// example <c>*</c>, or an outlier bin such as <c>&lt;20</c> kept unchanged up the levels).
/// </para>
/// <para>
/// Missing values: like ARX, a missing value is looked up as an ordinary string, namely the
/// empty string <see cref="MissingValue"/> (how an empty cell is written in a hierarchy file, as
/// a line starting with the delimiter). A hierarchy used for a column with missing values must
/// therefore have a row for <c>""</c>; otherwise <see cref="ValidateAgainst"/> and
/// <see cref="Encode"/> report the missing value as uncovered.
/// </para>
/// </remarks>
public sealed class Hierarchy
{
    /// <summary>The level-0 value under which a missing value (<see langword="null"/>) is looked up: the empty string.</summary>
    public const string MissingValue = "";

    private const int MaxListed = 5;

    private readonly ReadOnlyCollection<IReadOnlyList<string>> _rows;
    private readonly Dictionary<string, int> _rowOf;

    // _codes[level][row]: the dense code (order of first appearance) of the row's value at that level.
    private readonly int[][] _codes;

    // _values[level][code]: the value string of a code at that level.
    private readonly string[][] _values;

    private Hierarchy(string[][] rows, int[] lines, string? source)
    {
        Source = source;
        if (rows.Length == 0)
        {
            throw HierarchyException.At(source, null, "the hierarchy has no rows.");
        }

        LevelCount = rows[0].Length;
        if (LevelCount == 0)
        {
            throw HierarchyException.At(source, lines[0], "the row has no values.");
        }

        for (var r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != LevelCount)
            {
                throw HierarchyException.At(source, lines[r], $"{rows[r].Length} levels, expected {LevelCount} as in line {lines[0]}.");
            }
            for (var l = 0; l < LevelCount; l++)
            {
                if (rows[r][l] is null)
                {
                    throw HierarchyException.At(source, lines[r], $"the value at level {l} is null.");
                }
            }
        }

        _codes = new int[LevelCount][];
        _values = new string[LevelCount][];
        var firstRow = new List<int>[LevelCount];
        for (var l = 0; l < LevelCount; l++)
        {
            var codeOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var values = new List<string>();
            var first = new List<int>();
            var codes = new int[rows.Length];
            for (var r = 0; r < rows.Length; r++)
            {
                var value = rows[r][l];
                if (!codeOf.TryGetValue(value, out var code))
                {
                    code = values.Count;
                    codeOf.Add(value, code);
                    values.Add(value);
                    first.Add(r);
                }
                else if (l == 0)
                {
                    throw HierarchyException.At(source, lines[r], $"the value '{value}' occurs twice (first in line {lines[first[code]]}).");
                }
                codes[r] = code;
            }
            _codes[l] = codes;
            _values[l] = [.. values];
            firstRow[l] = first;
            if (l == 0)
            {
                _rowOf = codeOf;
            }
        }
        _rowOf ??= new Dictionary<string, int>(StringComparer.Ordinal);

        // Functional generalization: a value at level l >= 1 has one parent at level l + 1.
        // Its parent is fixed by the first row holding it; every later row must agree.
        for (var l = 1; l < LevelCount - 1; l++)
        {
            var child = _codes[l];
            var parent = _codes[l + 1];
            var parentOf = new int[_values[l].Length];
            Array.Fill(parentOf, -1);
            for (var r = 0; r < rows.Length; r++)
            {
                var c = child[r];
                if (parentOf[c] < 0)
                {
                    parentOf[c] = parent[r];
                }
                else if (parentOf[c] != parent[r])
                {
                    var firstLine = lines[firstRow[l][c]];
                    throw HierarchyException.At(source, lines[r],
                        $"'{_values[l][c]}' at level {l} generalizes to '{_values[l + 1][parent[r]]}' at level {l + 1}, " +
                        $"but to '{_values[l + 1][parentOf[c]]}' in line {firstLine}.");
                }
            }
        }

        var wrapped = new IReadOnlyList<string>[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            wrapped[r] = Array.AsReadOnly(rows[r]);
        }
        _rows = Array.AsReadOnly(wrapped);
    }

    /// <summary>Where the hierarchy came from (a path or a name used in messages), or <see langword="null"/>.</summary>
    public string? Source { get; }

    /// <summary>The number of levels, including level 0 (the original values).</summary>
    public int LevelCount { get; }

    /// <summary>The rows, one per original value: the value followed by its generalizations.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    /// <summary>The original values (level 0), in row order.</summary>
    public IReadOnlyList<string> Values => _values[0];

    /// <summary>Creates a hierarchy from rows (copied); messages call the n-th row "line n".</summary>
    /// <param name="rows">One array per original value: the value, then levels 1, 2, ….</param>
    /// <param name="source">A name for messages (a file path, an attribute), or <see langword="null"/>.</param>
    /// <exception cref="HierarchyException">The rows are empty, ragged, repeat a value or are not functional.</exception>
    public static Hierarchy FromRows(IEnumerable<string[]> rows, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var copied = rows.Select(row => (string[])(row ?? throw new ArgumentException("A row is null.", nameof(rows))).Clone()).ToArray();
        return new Hierarchy(copied, [.. Enumerable.Range(1, copied.Length)], source);
    }

    /// <summary>Creates a hierarchy from rows (taken, not copied) with the line where each starts.</summary>
    internal static Hierarchy FromParsedRows(string[][] rows, int[] lines, string? source) => new(rows, lines, source);

    /// <summary>Finds the row of an original value; <see langword="null"/> is looked up as <see cref="MissingValue"/>.</summary>
    public bool TryGetRow(string? value, [NotNullWhen(true)] out IReadOnlyList<string>? row)
    {
        if (_rowOf.TryGetValue(value ?? MissingValue, out var r))
        {
            row = _rows[r];
            return true;
        }
        row = null;
        return false;
    }

    /// <summary>Whether the hierarchy has a row for a value (<see langword="null"/> means <see cref="MissingValue"/>).</summary>
    public bool Contains(string? value) => _rowOf.ContainsKey(value ?? MissingValue);

    /// <summary>The generalization of an original value at a level (level 0 returns the value itself).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not in [0, <see cref="LevelCount"/>).</exception>
    /// <exception cref="KeyNotFoundException">The hierarchy has no row for the value.</exception>
    public string Generalize(string? value, int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, LevelCount);
        return _rowOf.TryGetValue(value ?? MissingValue, out var r)
            ? _values[level][_codes[level][r]]
            : throw new KeyNotFoundException(HierarchyException.Prefix(Source, null, $"no row for the value '{value ?? MissingValue}'."));
    }

    /// <summary>The number of distinct values at a level over the whole hierarchy (level 0: the number of rows).</summary>
    public int GetDistinctCount(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, LevelCount);
        return _values[level].Length;
    }

    /// <summary>The distinct values at a level over the whole hierarchy, in order of first appearance.</summary>
    public IReadOnlyList<string> GetLevelValues(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, LevelCount);
        return Array.AsReadOnly(_values[level]);
    }

    /// <summary>
    /// Checks that every value of a column has a row (a missing value needs a row for
    /// <see cref="MissingValue"/>).
    /// </summary>
    /// <exception cref="HierarchyException">
    /// Some values are not covered; the message names the attribute, the hierarchy's source, the
    /// number of uncovered values and the first few; <see cref="HierarchyException.UncoveredValues"/>
    /// lists them all.
    /// </exception>
    public void ValidateAgainst(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        List<string?>? uncovered = null;
        foreach (var value in column.Dictionary)
        {
            if (!_rowOf.ContainsKey(value ?? MissingValue))
            {
                (uncovered ??= []).Add(value);
            }
        }
        if (uncovered is not null)
        {
            throw UncoveredError(column.Name, uncovered);
        }
    }

    /// <summary>
    /// Encodes this hierarchy for a column: per level, a map from every column code to a dense
    /// code at that level, and the value of each such code. See <see cref="HierarchyEncoding"/>.
    /// </summary>
    /// <exception cref="HierarchyException">Some column values have no row (as in <see cref="ValidateAgainst"/>).</exception>
    public HierarchyEncoding Encode(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        ValidateAgainst(column);
        var dictionary = column.Dictionary;
        var rowOfCode = new int[dictionary.Count];
        for (var c = 0; c < rowOfCode.Length; c++)
        {
            rowOfCode[c] = _rowOf[dictionary[c] ?? MissingValue];
        }

        var maps = new int[LevelCount][];
        var values = new string?[LevelCount][];
        maps[0] = [.. Enumerable.Range(0, dictionary.Count)];
        values[0] = [.. dictionary];
        for (var l = 1; l < LevelCount; l++)
        {
            var hierarchyCodes = _codes[l];
            var dense = new int[_values[l].Length];
            Array.Fill(dense, -1);
            var map = new int[rowOfCode.Length];
            var levelValues = new List<string?>();
            for (var c = 0; c < map.Length; c++)
            {
                var h = hierarchyCodes[rowOfCode[c]];
                if (dense[h] < 0)
                {
                    dense[h] = levelValues.Count;
                    levelValues.Add(_values[l][h]);
                }
                map[c] = dense[h];
            }
            maps[l] = map;
            values[l] = [.. levelValues];
        }
        return new HierarchyEncoding(this, column, maps, values);
    }

    private HierarchyException UncoveredError(string attribute, List<string?> uncovered)
    {
        static string Show(string? v) => v is null ? "(missing value)" : $"'{v}'";
        var listed = string.Join(", ", uncovered.Take(MaxListed).Select(Show));
        var more = uncovered.Count > MaxListed ? $", and {uncovered.Count - MaxListed} more" : "";
        var noun = uncovered.Count == 1 ? "value has" : "values have";
        var source = Source is null ? "the hierarchy" : $"hierarchy '{Source}'";
        var hint = uncovered.Contains(null) ? " A missing value is looked up as the empty string; add a row for it (a line starting with the delimiter)." : "";
        return new HierarchyException(
            $"Attribute '{attribute}': {uncovered.Count} {noun} no row in {source}: {listed}{more}.{hint}",
            Source, null, attribute)
        {
            UncoveredValues = uncovered,
        };
    }
}
