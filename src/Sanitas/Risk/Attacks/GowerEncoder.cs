using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Risk.Attacks;

/// <summary>
/// Encodes rows for Gower's (1971) distance: numeric columns (every value of the three tables
/// a number or missing) scaled by their range, other columns by a shared dictionary code.
/// </summary>
internal sealed class GowerEncoder
{
    private readonly IReadOnlyList<string> _names;
    private readonly bool[] _numeric;
    private readonly double[] _min;
    private readonly double[] _range;
    private readonly Dictionary<string, int>[] _codes;

    public GowerEncoder(IReadOnlyList<string> names, params Table[] tables)
    {
        _names = names;
        var k = names.Count;
        _numeric = new bool[k];
        _min = new double[k];
        _range = new double[k];
        _codes = new Dictionary<string, int>[k];
        string[] what = ["training table", "holdout table", "synthetic table"];
        for (var c = 0; c < k; c++)
        {
            var numeric = true;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var t = 0; t < tables.Length; t++)
            {
                var column = LinkageAttack.Require(tables[t], names[c], t < what.Length ? what[t] : "table");
                foreach (var value in column.Dictionary)
                {
                    if (value is null)
                    {
                        continue;
                    }
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
                    {
                        min = Math.Min(min, x);
                        max = Math.Max(max, x);
                    }
                    else
                    {
                        numeric = false;
                    }
                }
            }
            _numeric[c] = numeric && min <= max;
            _min[c] = min;
            _range[c] = max > min ? max - min : 1;
            _codes[c] = new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    public double[][] Encode(Table table, string what)
    {
        var columns = _names.Select(n => LinkageAttack.Require(table, n, what)).ToArray();
        var rows = new double[table.RowCount][];
        for (var c = 0; c < columns.Length; c++)
        {
            var values = new double[columns[c].DistinctCount];
            for (var v = 0; v < values.Length; v++)
            {
                var text = columns[c].Dictionary[v];
                if (text is null)
                {
                    values[v] = double.NaN;
                }
                else if (_numeric[c])
                {
                    values[v] = (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) - _min[c]) / _range[c];
                }
                else
                {
                    if (!_codes[c].TryGetValue(text, out var code))
                    {
                        code = _codes[c].Count;
                        _codes[c].Add(text, code);
                    }
                    values[v] = code;
                }
            }
            for (var r = 0; r < rows.Length; r++)
            {
                (rows[r] ??= new double[columns.Length])[c] = values[columns[c].Codes[r]];
            }
        }
        return rows;
    }

    /// <summary>The Gower distance; stops early (returning a larger value) once above <paramref name="abandonAbove"/>.</summary>
    public double Distance(double[] a, double[] b, double abandonAbove)
    {
        var limit = abandonAbove * a.Length;
        var sum = 0.0;
        for (var c = 0; c < a.Length; c++)
        {
            var x = a[c];
            var y = b[c];
            double d;
            if (double.IsNaN(x) || double.IsNaN(y))
            {
                d = double.IsNaN(x) && double.IsNaN(y) ? 0 : 1;
            }
            else
            {
                d = _numeric[c] ? Math.Abs(x - y) : (x == y ? 0 : 1);
            }
            sum += d;
            if (sum > limit)
            {
                return sum / a.Length;
            }
        }
        return sum / a.Length;
    }
}
