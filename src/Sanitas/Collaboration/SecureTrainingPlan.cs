namespace Sanitas.Collaboration;

/// <summary>
/// The public parameters of a secure logistic-regression training: the sites' row counts (announced at hello),
/// the width, the folds, the fixed iteration counts. Every party derives the same fits and row masks from it;
/// nothing in it depends on a data value.
/// </summary>
/// <param name="SiteRows">Rows per site, in roster order.</param>
/// <param name="Width">1 + the number of features.</param>
/// <param name="Folds">Cross-validation folds (0 or 1: the final fit only).</param>
/// <param name="FoldSeed">The consortium's fold seed.</param>
/// <param name="Iterations">Böhning (bounded-Hessian Newton) iterations, fixed in advance.</param>
/// <param name="SchulzIterations">Newton–Schulz iterations inverting XᵀX/n on shares.</param>
internal sealed record SecureTrainingPlan(IReadOnlyList<int> SiteRows, int Width, int Folds, int FoldSeed, int Iterations, int SchulzIterations = 12)
{
    /// <summary>The fits: 0 is all rows (the final model), 1 + f leaves out fold f.</summary>
    public int Fits => Folds > 1 ? Folds + 1 : 1;

    public int Rows => SiteRows.Sum();

    /// <summary>Whether row <c>i</c> of site <paramref name="site"/> is a training row of fit <paramref name="fit"/>, for every row.</summary>
    public bool[] SiteMask(int site, int fit)
    {
        var rows = SiteRows[site];
        var mask = new bool[rows];
        if (fit == 0)
        {
            Array.Fill(mask, true);
            return mask;
        }
        // Not a release path: the fold split is the experiment's public structure (SiteData.Select draws the same).
        var (train, _) = Sanitas.Learning.CrossValidation.Splits(rows, Folds, FoldSeed).ElementAt(fit - 1);
        foreach (var i in train)
        {
            mask[i] = true;
        }
        return mask;
    }

    /// <summary>The pooled training rows of each fit.</summary>
    public long[] FitRows()
    {
        var counts = new long[Fits];
        for (var fit = 0; fit < Fits; fit++)
        {
            for (var site = 0; site < SiteRows.Count; site++)
            {
                counts[fit] += SiteMask(site, fit).Count(m => m);
            }
        }
        return counts;
    }
}
