using Sanitas.Data;
using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// Per-person contribution bounding: keeps at most R rows of each privacy unit (a uniform sample
/// without replacement, drawn per unit with reservoir sampling, Vitter 1985, Algorithm R), so that
/// one person changes at most R training rows and every sensitivity scales with R.
/// </summary>
public static class ContributionBounding
{
    /// <summary>The indices (ascending) of the rows kept: at most <paramref name="maxRowsPerUnit"/> per distinct value of <paramref name="unit"/>.</summary>
    /// <param name="unit">The column identifying the person (a missing value is one more unit).</param>
    /// <param name="maxRowsPerUnit">R, at least 1.</param>
    /// <param name="random">The sampling source (<see cref="SecureRandom"/> for a release).</param>
    public static int[] SampleRows(Column unit, int maxRowsPerUnit, IRandomBits random) => SampleRows(unit, maxRowsPerUnit, random, null);

    /// <summary>As <see cref="SampleRows(Column, int, IRandomBits)"/>, among the <paramref name="candidates"/> rows only (ascending; null: all rows).</summary>
    internal static int[] SampleRows(Column unit, int maxRowsPerUnit, IRandomBits random, IReadOnlyList<int>? candidates)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerUnit, 1);
        var reservoirs = new List<int>[unit.DistinctCount];
        var seen = new int[unit.DistinctCount];
        var codes = unit.Codes;
        var n = candidates?.Count ?? codes.Length;
        for (var i = 0; i < n; i++)
        {
            var row = candidates?[i] ?? i;
            var code = codes[row];
            var reservoir = reservoirs[code] ??= [];
            var count = ++seen[code];
            if (reservoir.Count < maxRowsPerUnit)
            {
                reservoir.Add(row);
            }
            else
            {
                var j = (int)UniformSampler.Below(random, (ulong)count);
                if (j < maxRowsPerUnit)
                {
                    reservoir[j] = row;
                }
            }
        }
        var kept = reservoirs.Where(r => r is not null).SelectMany(r => r).ToArray();
        Array.Sort(kept);
        return kept;
    }
}
