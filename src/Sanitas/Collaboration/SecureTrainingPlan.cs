namespace Sanitas.Collaboration;

/// <summary>
/// The public parameters of one secure logistic-regression training: the sites' row counts (announced at hello),
/// the width, the folds, the fixed iteration counts, and — for the fold stage — the public point (the opened
/// final model) at which the sites compute their local statistics. Every party derives the same fits and row
/// masks from it; nothing in it depends on a data value that is not already opened.
/// </summary>
/// <param name="SiteRows">Rows per site, in roster order.</param>
/// <param name="Width">1 + the number of features.</param>
/// <param name="Folds">Cross-validation folds (the fold stage has one fit per fold).</param>
/// <param name="FoldSeed">The consortium's fold seed.</param>
/// <param name="Iterations">Model stage: steps, fixed in advance (the first <see cref="BohningSteps"/> with Böhning's bound, the rest with the Hessian at that point).</param>
/// <param name="SchulzIterations">Newton–Schulz iterations inverting XᵀX/n (model stage, from I/width) or each fold's Hessian (fold stage, from 4I/width).</param>
/// <param name="Start">Null: the model stage (one fit on all rows, trained on shares of the rows). Otherwise the fold
/// stage: the opened final model, from which each fold's fit is one Newton step on shares of the sites' statistics at it.</param>
/// <param name="BohningSteps">Model stage: steps with Böhning's fixed bound XᵀX/4 before the exact Hessian is computed on shares.</param>
/// <param name="HessianSchulz">Model stage: Newton–Schulz iterations inverting the exact Hessian, started from Böhning's inverse.</param>
internal sealed record SecureTrainingPlan(IReadOnlyList<int> SiteRows, int Width, int Folds, int FoldSeed, int Iterations = SecureTrainingPlan.DefaultIterations,
    int SchulzIterations = 12, IReadOnlyList<double>? Start = null, int BohningSteps = 3, int HessianSchulz = 8)
{
    /// <summary>3 Böhning steps, then 4 with the Hessian at the third iterate (seed workload: 3.6e-6 from the MLE in double precision).</summary>
    public const int DefaultIterations = 7;

    /// <summary>Newton–Schulz iterations of the fold stage (from 4I/width: λ_min of a fold's Hessian may be 1/30 of λ_max).</summary>
    public const int FoldSchulzIterations = 14;

    /// <summary>The fold stage: one Newton step per fold from <see cref="Start"/>.</summary>
    public bool FoldStage => Start is not null;

    /// <summary>The fits: the model stage has one (all rows); the fold stage one per fold (fit f leaves out fold f).</summary>
    public int Fits => FoldStage ? Folds : 1;

    public int Rows => SiteRows.Sum();

    /// <summary>The ring elements of one site's contribution: its design matrix (model stage only), then per fit a width² matrix and a width vector.</summary>
    public int ContributionLength(int site) => (FoldStage ? 0 : SiteRows[site] * Width) + (Fits * Width * Width) + (Fits * Width);

    /// <summary>Whether row <c>i</c> of site <paramref name="site"/> is a training row of fit <paramref name="fit"/>, for every row.</summary>
    public bool[] SiteMask(int site, int fit)
    {
        var rows = SiteRows[site];
        var mask = new bool[rows];
        if (!FoldStage)
        {
            Array.Fill(mask, true);
            return mask;
        }
        // Not a release path: the fold split is the experiment's public structure (SiteData.Select draws the same).
        var (train, _) = Sanitas.Learning.CrossValidation.Splits(rows, Folds, FoldSeed).ElementAt(fit);
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
