using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Synthesis;

/// <summary>
/// A table mapped onto its declared domain: one array of cell indices per column. Encoding
/// never fails on a value: numbers and dates are clamped into their range, other values go to
/// the column's fallback cell (the principle: after the charge nothing may fail on the data).
/// </summary>
internal sealed class EncodedTable
{
    public EncodedTable(int[][] codes, int[] sizes)
    {
        Codes = codes;
        Sizes = sizes;
        Rows = codes.Length == 0 ? 0 : codes[0].Length;
    }

    public int[][] Codes { get; }

    public int[] Sizes { get; }

    public int Rows { get; }

    public int Width => Sizes.Length;

    /// <summary>
    /// Encodes the declared columns of <paramref name="table"/>; every column must exist (checked
    /// before the charge). With a declared unit (<see cref="SynthesisConfig.Unit"/>) only each
    /// person's first row is kept (a missing unit value counts as one more person per row).
    /// </summary>
    public static EncodedTable Encode(Table table, SynthesisConfig config, bool boundPersons = true)
    {
        var columns = config.Columns;
        var kept = boundPersons && config.Unit is { } unit ? FirstRowPerPerson(table[unit]) : null;
        var codes = new int[columns.Count][];
        for (var c = 0; c < columns.Count; c++)
        {
            var declared = columns[c];
            var column = table[declared.Name];
            var index = declared.Kind == SynthesisColumnKind.Categorical
                ? declared.Categories.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal)
                : null;
            // One lookup per distinct value, then one array read per row.
            var dictionary = column.Dictionary;
            var cellOfCode = new int[dictionary.Count];
            for (var k = 0; k < dictionary.Count; k++)
            {
                cellOfCode[k] = declared.CellOf(dictionary[k], index);
            }
            var source = column.Codes;
            var target = new int[kept?.Length ?? source.Length];
            for (var i = 0; i < target.Length; i++)
            {
                var code = source[kept is null ? i : kept[i]];
                target[i] = code < 0 ? declared.Fallback : cellOfCode[code];
            }
            codes[c] = target;
        }
        return new EncodedTable(codes, [.. columns.Select(c => c.Size)]);
    }

    private static int[] FirstRowPerPerson(Column unit)
    {
        var seen = new bool[unit.Dictionary.Count];
        var rows = new List<int>();
        for (var r = 0; r < unit.Codes.Length; r++)
        {
            var code = unit.Codes[r];
            if (code < 0 || unit.Dictionary[code] is null)
            {
                rows.Add(r);
            }
            else if (!seen[code])
            {
                seen[code] = true;
                rows.Add(r);
            }
        }
        return [.. rows];
    }

    /// <summary>The histogram of the given columns (row-major, the last column fastest).</summary>
    public double[] Histogram(ReadOnlySpan<int> attributes)
    {
        var size = 1;
        foreach (var a in attributes)
        {
            size *= Sizes[a];
        }
        var counts = new double[size];
        var attrs = attributes.ToArray();
        for (var r = 0; r < Rows; r++)
        {
            var index = 0;
            foreach (var a in attrs)
            {
                index = (index * Sizes[a]) + Codes[a][r];
            }
            counts[index]++;
        }
        return counts;
    }

    /// <summary>
    /// Turns cells back into values: categories as declared; a numeric or date bin becomes a value
    /// drawn uniformly inside the bin (whole numbers for integer columns).
    /// </summary>
    public Table Decode(SynthesisConfig config, BufferedRandom random)
    {
        var columns = new List<Column>(Width);
        for (var c = 0; c < Width; c++)
        {
            var declared = config.Columns[c];
            var values = new string?[Rows];
            var codes = Codes[c];
            for (var r = 0; r < Rows; r++)
            {
                values[r] = Value(declared, codes[r], random);
            }
            var type = declared.Kind switch
            {
                SynthesisColumnKind.Integer => ColumnType.Integer,
                SynthesisColumnKind.Real => ColumnType.Decimal,
                SynthesisColumnKind.Date => ColumnType.Date,
                _ => ColumnType.Text,
            };
            columns.Add(Column.FromValues(declared.Name, values, type));
        }
        return new Table(columns);
    }

    internal static string Value(SynthesisColumn column, int cell, BufferedRandom random)
    {
        switch (column.Kind)
        {
            case SynthesisColumnKind.Categorical:
                return column.Categories[cell];
            case SynthesisColumnKind.Integer:
                {
                    var lo = (long)Math.Ceiling(column.Edges[cell]);
                    var hi = (long)Math.Ceiling(column.Edges[cell + 1]) - 1;
                    var v = hi < lo ? (long)Math.Round(column.Edges[cell]) : lo + random.Below((int)Math.Min(int.MaxValue, hi - lo + 1));
                    return v.ToString(CultureInfo.InvariantCulture);
                }
            case SynthesisColumnKind.Date:
                {
                    var lo = (int)column.Edges[cell];
                    var hi = (int)column.Edges[cell + 1];
                    return DateOnly.FromDayNumber(lo + random.Below(Math.Max(1, hi - lo))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }
            default:
                {
                    var lo = column.Edges[cell];
                    var hi = column.Edges[cell + 1];
                    return (lo + ((hi - lo) * random.NextDouble())).ToString("G6", CultureInfo.InvariantCulture);
                }
        }
    }
}
