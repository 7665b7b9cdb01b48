using System.Globalization;
using Sanitas.Anonymization;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.Search;

/// <summary>Small random tables with hierarchical quasi-identifiers and a skewed sensitive attribute.</summary>
internal static class RandomTables
{
    /// <summary>
    /// A table of <paramref name="rows"/> rows: QIs A (0..7; levels v, v/2, v/4, *), B (0..3; v, v/2, *),
    /// C (0..5; v, *) and, with <paramref name="fourth"/>, D (0..2; v, *): lattices of 48 or 96 nodes.
    /// Sensitive S takes 5 values with probabilities ½, ¼, ⅛, 1/16, 1/16.
    /// </summary>
    public static (Table Table, List<EngineQuasiIdentifier> Qis) Create(int seed, int rows = 80, bool fourth = true)
    {
        var random = new Random(seed);
        string Skewed()
        {
            var u = random.NextDouble();
            return u < 0.5 ? "s0" : u < 0.75 ? "s1" : u < 0.875 ? "s2" : u < 0.9375 ? "s3" : "s4";
        }
        // Skew the QIs too, so that some classes are large and some small.
        int Draw(int max) => Math.Min(max - 1, (int)(max * Math.Pow(random.NextDouble(), 1.5)));
        var a = new string[rows];
        var b = new string[rows];
        var c = new string[rows];
        var d = new string[rows];
        var s = new string[rows];
        for (var r = 0; r < rows; r++)
        {
            a[r] = Draw(8).ToString(CultureInfo.InvariantCulture);
            b[r] = Draw(4).ToString(CultureInfo.InvariantCulture);
            c[r] = Draw(6).ToString(CultureInfo.InvariantCulture);
            d[r] = Draw(3).ToString(CultureInfo.InvariantCulture);
            s[r] = Skewed();
        }
        var columns = new List<Column> { Column.FromValues("A", a), Column.FromValues("B", b), Column.FromValues("C", c) };
        var qis = new List<EngineQuasiIdentifier>
        {
            new("A", Levels(8, v => [$"{v / 2}x", $"{v / 4}xx", "*"])),
            new("B", Levels(4, v => [$"{v / 2}x", "*"])),
            new("C", Levels(6, _ => ["*"])),
        };
        if (fourth)
        {
            columns.Add(Column.FromValues("D", d));
            qis.Add(new("D", Levels(3, _ => ["*"])));
        }
        columns.Add(Column.FromValues("S", s));
        return (new Table(columns), qis);
    }

    private static Hierarchy Levels(int count, Func<int, string[]> above) =>
        Hierarchy.FromRows(Enumerable.Range(0, count).Select(v => (string[])[v.ToString(CultureInfo.InvariantCulture), .. above(v)]));
}
