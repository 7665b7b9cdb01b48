namespace Sanitas.Synthesis;

/// <summary>
/// MST's domain compression (McKenna, Miklau &amp; Sheldon 2021, §4, <c>compress_domain</c>): the
/// cells of a column whose noisy 1-way count is below 3σ are merged into one cell, so that later
/// marginals do not spend noise on values that are rare or absent. The merged cell's measurement is
/// the sum of the merged noisy counts, with noise σ√k for k merged cells. Decided from the noisy
/// measurements only (post-processing); synthetic rows in the merged cell get one of its values
/// uniformly.
/// </summary>
internal sealed class DomainCompression
{
    private readonly int[][] _kept;
    private readonly int[][] _merged;
    private readonly int[][] _cellMap;

    private DomainCompression(int[][] kept, int[][] merged, int[] originalSizes)
    {
        _kept = kept;
        _merged = merged;
        Sizes = [.. kept.Select((k, i) => k.Length + (merged[i].Length > 0 ? 1 : 0))];
        _cellMap = new int[kept.Length][];
        for (var a = 0; a < kept.Length; a++)
        {
            var map = new int[originalSizes[a]];
            Array.Fill(map, kept[a].Length);
            for (var i = 0; i < kept[a].Length; i++)
            {
                map[kept[a][i]] = i;
            }
            _cellMap[a] = map;
        }
    }

    /// <summary>The compressed number of cells of every attribute.</summary>
    public int[] Sizes { get; }

    /// <summary>How many cells each attribute lost.</summary>
    public int MergedCells(int attribute) => Math.Max(0, _merged[attribute].Length - 1);

    /// <summary>Compresses from the 1-way measurements (one per attribute, in attribute order); returns the compression and the measurements over the compressed cells.</summary>
    public static (DomainCompression Compression, Measurement[] Measurements) FromOneWay(IReadOnlyList<Measurement> oneWay, int[] sizes)
    {
        var kept = new int[sizes.Length][];
        var merged = new int[sizes.Length][];
        var measurements = new Measurement[sizes.Length];
        foreach (var m in oneWay)
        {
            var a = m.Attributes[0];
            var keep = Enumerable.Range(0, m.Values.Length).Where(i => m.Values[i] >= 3 * m.Sigma).ToArray();
            var rest = Enumerable.Range(0, m.Values.Length).Where(i => m.Values[i] < 3 * m.Sigma).ToArray();
            kept[a] = keep;
            merged[a] = rest;
            if (rest.Length == 0)
            {
                measurements[a] = m;
                continue;
            }
            var values = keep.Select(i => m.Values[i]).Append(rest.Sum(i => m.Values[i])).ToArray();
            var weights = keep.Select(_ => 1.0).Append(1 / Math.Sqrt(rest.Length)).ToArray();
            measurements[a] = new Measurement([a], values, m.Sigma, weights);
        }
        return (new DomainCompression(kept, merged, sizes), measurements);
    }

    /// <summary>The data over the compressed cells.</summary>
    public EncodedTable Compress(EncodedTable data)
    {
        var codes = new int[data.Width][];
        for (var a = 0; a < data.Width; a++)
        {
            var map = _cellMap[a];
            codes[a] = [.. data.Codes[a].ToArray().Select(c => map[c])];
        }
        return new EncodedTable(codes, Sizes);
    }

    /// <summary>Synthetic compressed cells back to the original cells.</summary>
    public EncodedTable Expand(int[][] codes, int[] originalSizes, BufferedRandom random)
    {
        var result = new int[codes.Length][];
        for (var a = 0; a < codes.Length; a++)
        {
            var kept = _kept[a];
            var merged = _merged[a];
            result[a] = [.. codes[a].Select(c => c < kept.Length ? kept[c] : merged[random.Below(merged.Length)])];
        }
        return new EncodedTable(result, originalSizes);
    }
}
