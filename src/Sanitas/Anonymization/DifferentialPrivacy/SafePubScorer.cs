namespace Sanitas.Anonymization;

/// <summary>
/// SafePub's score functions (Bild, Kuhn &amp; Prasser 2018, Section 5) on the sample: the classes of a
/// transformation, those under k suppressed, scaled so that adding or removing one record of the
/// input changes the score by at most 1 (the exponential mechanism's sensitivity).
/// </summary>
internal sealed class SafePubScorer(SafePubEncoding[] encodings, int[] sampledRows, int k, int tableRows, SafePubScore score)
{
    private readonly Dictionary<long, int> _longCounts = [];
    private readonly Dictionary<string, int> _stringCounts = new(StringComparer.Ordinal);

    /// <summary>The score of a transformation (higher is better).</summary>
    public double Score(int[] node)
    {
        var sizes = ClassSizes(node);
        double released = 0;
        double squares = 0;
        foreach (var size in sizes)
        {
            if (size >= k)
            {
                released += size;
                squares += (double)size * size;
            }
        }
        if (score == SafePubScore.Granularity)
        {
            // Section 5.1: −(1/d) Σ_i [u · level_i/height_i + (n − u)] / (k − 1). The −n/(k − 1) part is common
            // to every transformation and the exponential mechanism's distribution ignores a common shift,
            // so it is left out: u (1 − mean share of the height) / (k − 1).
            double generalized = 0;
            for (var q = 0; q < node.Length; q++)
            {
                generalized += encodings[q].MaxLevel == 0 ? 0 : (double)node[q] / encodings[q].MaxLevel;
            }
            var meanShare = generalized / node.Length;
            return released * (1 - meanShare) / Math.Max(1, k - 1);
        }
        // Section 5.2: −(Σ over released classes |C|² + n · suppressed) / (n (k²/(k − 1) + 1)), where records not
        // sampled count as suppressed (suppressed = n − u); 5n for k = 1.
        double n = tableRows;
        var scale = k == 1 ? 5.0 : (double)k * k / (k - 1) + 1;
        return -(squares + n * (n - released)) / (n * scale);
    }

    private IEnumerable<int> ClassSizes(int[] node)
    {
        long product = 1;
        var fits = true;
        for (var q = 0; q < node.Length && fits; q++)
        {
            var count = encodings[q].Counts[node[q]];
            fits = product <= long.MaxValue / count;
            product *= fits ? count : 1;
        }
        if (fits)
        {
            _longCounts.Clear();
            foreach (var r in sampledRows)
            {
                long key = 0;
                for (var q = 0; q < node.Length; q++)
                {
                    key = key * encodings[q].Counts[node[q]] + encodings[q].Code(r, node[q]);
                }
                _longCounts[key] = _longCounts.GetValueOrDefault(key) + 1;
            }
            return _longCounts.Values;
        }
        _stringCounts.Clear();
        var codes = new int[node.Length];
        foreach (var r in sampledRows)
        {
            for (var q = 0; q < node.Length; q++)
            {
                codes[q] = encodings[q].Code(r, node[q]);
            }
            var key = string.Join(',', codes);
            _stringCounts[key] = _stringCounts.GetValueOrDefault(key) + 1;
        }
        return _stringCounts.Values;
    }
}
