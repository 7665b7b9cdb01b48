namespace Sanitas.Anonymization;

/// <summary>
/// A quasi-identifier prepared for the search: its row codes and, for every level of its
/// hierarchy, a dense code for each generalized value that occurs in the data.
/// </summary>
internal sealed class QuasiIdentifierEncoding
{
    /// <param name="name">The attribute name.</param>
    /// <param name="rowCodes">The column code of every row.</param>
    /// <param name="encoding">The hierarchy's per-level maps of the column's codes (<see cref="Hierarchy.Encode"/>).</param>
    /// <param name="domain">The hierarchy's rows (the attribute's domain), for the loss metric's shares.</param>
    /// <param name="multiplicities">How many records each row stands for (null: one each).</param>
    public QuasiIdentifierEncoding(string name, int[] rowCodes, HierarchyEncoding encoding, IReadOnlyList<IReadOnlyList<string>> domain, int[]? multiplicities = null)
    {
        Name = name;
        RowCodes = rowCodes;
        var levelCount = LevelCount = encoding.LevelCount;
        LevelMap = encoding.Maps;
        LevelValues = encoding.LevelValues;
        // Level 0 of the encoding is the column itself, so the rows' codes are already dense.
        DenseRowCodes = rowCodes;
        var columnValueCount = LevelMap[0].Length;
        Up = new int[levelCount][][];
        for (var from = 0; from < levelCount; from++)
        {
            Up[from] = new int[levelCount][];
            for (var to = from; to < levelCount; to++)
            {
                var up = new int[LevelValues[from].Length];
                for (var code = 0; code < columnValueCount; code++)
                {
                    up[LevelMap[from][code]] = LevelMap[to][code];
                }
                Up[from][to] = up;
            }
        }
        // ARX's domain shares: the share of the hierarchy's rows a generalized value covers.
        DomainSize = Math.Max(1, domain.Count);
        Shares = new double[levelCount][];
        for (var level = 0; level < levelCount; level++)
        {
            var covered = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in domain)
            {
                if (level < row.Count)
                {
                    covered[row[level]] = covered.GetValueOrDefault(row[level]) + 1;
                }
            }
            Shares[level] = LevelValues[level].Select(v => Math.Max(1, covered.GetValueOrDefault(v ?? Hierarchy.MissingValue)) / (double)DomainSize).ToArray();
        }
        // Level-0 dense value frequencies in the input.
        Frequencies = new int[LevelValues[0].Length];
        for (var r = 0; r < DenseRowCodes.Length; r++)
        {
            Frequencies[DenseRowCodes[r]] += multiplicities is null ? 1 : multiplicities[r];
        }
    }

    public string Name { get; }

    public int[] RowCodes { get; }

    /// <summary>Each row's dense level-0 code.</summary>
    public int[] DenseRowCodes { get; }

    public int LevelCount { get; }

    public int MaxLevel => LevelCount - 1;

    /// <summary>[level][column code] → dense code at that level.</summary>
    public int[][] LevelMap { get; }

    /// <summary>[level][dense code] → the generalized value.</summary>
    public string?[][] LevelValues { get; }

    /// <summary>[from][to][dense code at from] → dense code at to, for to ≥ from.</summary>
    public int[][][] Up { get; }

    /// <summary>The number of values in the attribute's domain (the hierarchy's rows).</summary>
    public int DomainSize { get; }

    /// <summary>[level][dense code] → the share of the domain the generalized value covers.</summary>
    public double[][] Shares { get; }

    /// <summary>How many rows hold each dense level-0 value.</summary>
    public int[] Frequencies { get; }
}
