using System.Numerics;

namespace Sanitas.Risk;

/// <summary>
/// SUDA: special uniques detection (Elliot, Manning, Mayes, Gurd and Bane 2002, "SUDA: a program
/// for detecting special uniques", Joint UNECE/Eurostat work session on SDC), computed as sdcMicro's
/// <c>suda2</c> (Manning, Haglin and Keane 2008, "A recursive search algorithm for statistical
/// disclosure assessment", Data Mining and Knowledge Discovery 16). A minimal sample unique (MSU)
/// of a record is a set of quasi-identifiers on which the record is unique while it is unique on
/// no proper subset. With M quasi-identifiers, each MSU of size k adds (M−k)! to the record's SUDA
/// score (sdcMicro's default, Elliot's original scores). The DIS score (Elliot 2000, "DIS: a new
/// approach to the measurement of statistical disclosure risk", Risk Management 2(4)) turns scores
/// into per-record probabilities of a correct match, with sdcMicro's formula and the sampling fraction
/// as its <c>DisFraction</c>.
/// </summary>
/// <remarks>
/// The MSUs are found by checking every set of at most <see cref="SudaResult.MaxSize"/>
/// quasi-identifiers (a bitset of unique records per set, minimality by the sets one smaller),
/// which finds exactly SUDA2's MSUs; it is fast for the handful of quasi-identifiers of a release.
/// </remarks>
public static class SpecialUniques
{
    /// <summary>The most attribute sets the search visits.</summary>
    public const int MaxSubsets = 1 << 20;

    /// <summary>Finds the MSUs and scores of every record.</summary>
    /// <param name="classes">The table's equivalence classes (their quasi-identifiers are SUDA's key variables; suppressed rows get score 0).</param>
    /// <param name="samplingFraction">The sample's share of the population (sdcMicro's <c>DisFraction</c>, default 0.01 there).</param>
    /// <param name="maxSize">The largest MSU size searched; <see langword="null"/> for all quasi-identifiers, as sdcMicro.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="ArgumentException">The search would visit more than <see cref="MaxSubsets"/> attribute sets; give a smaller maximum size.</exception>
    public static SudaResult Compute(EquivalenceClasses classes, double samplingFraction, int? maxSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (!(samplingFraction > 0 && samplingFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingFraction), samplingFraction, "The sampling fraction must be in (0, 1].");
        }
        var m = classes.QuasiIdentifiers.Count;
        var limit = Math.Min(maxSize ?? m, m);
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "The largest MSU size must be at least 1.");
        }
        if (m > 30 || SubsetCount(m, limit) > MaxSubsets)
        {
            throw new InvalidOptionException("maxSize", $"SUDA over {m} quasi-identifiers with MSUs of up to {limit} attributes would check more than {MaxSubsets:N0} attribute sets; give a smaller maximum MSU size.", null);
        }
        var table = classes.Table;
        var columns = classes.QuasiIdentifiers.Select(q => table[q]).ToArray();
        var rows = table.RowCount;
        var words = (rows + 63) >> 6;
        var excluded = new bool[rows];
        var classOfRow = classes.ClassOfRow;
        for (var r = 0; r < rows; r++)
        {
            excluded[r] = classOfRow[r] < 0;
        }

        // unique[mask]: the records unique on that attribute set.
        var unique = new Dictionary<int, ulong[]>();
        var start = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            start[r] = excluded[r] ? -1 : 0;
        }
        var counts = new int[rows + 1];
        void Visit(int mask, int[] group, int groups, int next, int size)
        {
            for (var j = next; j < m; j++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var child = (int[])group.Clone();
                var childGroups = Grouping.Refine(child, columns[j].Codes, columns[j].DistinctCount, groups);
                var childMask = mask | (1 << j);
                Array.Clear(counts, 0, childGroups);
                foreach (var g in child)
                {
                    if (g >= 0)
                    {
                        counts[g]++;
                    }
                }
                var bits = new ulong[words];
                for (var r = 0; r < rows; r++)
                {
                    if (child[r] >= 0 && counts[child[r]] == 1)
                    {
                        bits[r >> 6] |= 1UL << (r & 63);
                    }
                }
                unique[childMask] = bits;
                if (size + 1 < limit)
                {
                    Visit(childMask, child, childGroups, j + 1, size + 1);
                }
            }
        }
        Visit(0, start, rows == 0 ? 0 : 1, 0, 0);

        // ab[k-1]: the score of an MSU of size k, (M-k)!.
        var ab = new double[m];
        for (var i = 0; i < m; i++)
        {
            var product = 1d;
            for (var j = i + 1; j < m; j++)
            {
                product *= m - j;
            }
            ab[i] = product;
        }
        var scores = new double[rows];
        var contributions = new double[m];
        var msusBySize = new long[limit];
        var msuRecords = new bool[rows];
        var minimal = new ulong[words];
        foreach (var (mask, bits) in unique)
        {
            bits.CopyTo(minimal, 0);
            for (var rest = mask; rest != 0; rest &= rest - 1)
            {
                var smaller = mask & ~(rest & -rest);
                if (smaller != 0 && unique.TryGetValue(smaller, out var sub))
                {
                    for (var w = 0; w < words; w++)
                    {
                        minimal[w] &= ~sub[w];
                    }
                }
            }
            var size = BitOperations.PopCount((uint)mask);
            var score = ab[size - 1];
            for (var w = 0; w < words; w++)
            {
                for (var word = minimal[w]; word != 0; word &= word - 1)
                {
                    var r = (w << 6) + BitOperations.TrailingZeroCount(word);
                    scores[r] += score;
                    msuRecords[r] = true;
                    msusBySize[size - 1]++;
                    for (var v = mask; v != 0; v &= v - 1)
                    {
                        contributions[BitOperations.TrailingZeroCount(v)] += score;
                    }
                }
            }
        }

        // DIS (sdcMicro): U records unique on all key variables, P records in keys of exactly two.
        var sizes = classes.Sizes;
        double uniques = 0, pairs = 0;
        foreach (var s in sizes)
        {
            if (s == 1)
            {
                uniques++;
            }
            else if (s == 2)
            {
                pairs += 2;
            }
        }
        var f = samplingFraction;
        var dis = uniques * f / ((uniques * f) + (pairs * (1 - f)));
        var q = 1 + ((8d - m) / 20d);
        var adjust = 0d;
        foreach (var s in scores)
        {
            if (s > 0)
            {
                adjust += 1 / Math.Pow(s, q);
            }
        }
        var disScores = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            if (scores[r] > 0)
            {
                disScores[r] = 1 / (1 + (((uniques / dis) - uniques) / (Math.Pow(scores[r], q) * adjust)));
            }
        }
        var total = scores.Sum();
        var contributionShares = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var j = 0; j < m; j++)
        {
            contributionShares[classes.QuasiIdentifiers[j]] = total == 0 ? 0 : 100 * contributions[j] / total;
        }
        return new SudaResult(limit, scores, disScores, msusBySize, msuRecords.Count(b => b), contributionShares);
    }

    private static long SubsetCount(int m, int maxSize)
    {
        long total = 0;
        long binomial = 1;
        for (var k = 1; k <= maxSize; k++)
        {
            binomial = binomial * (m - k + 1) / k;
            total += binomial;
        }
        return total;
    }
}
