using Sanitas.Risk.Attacks;

namespace Sanitas.Tests.Risk.Attacks;

public sealed class RocAnalysisTests
{
    [Fact]
    public void Auc_matches_scikit_learns_documented_example()
    {
        // sklearn.metrics.roc_auc_score(y_true=[0, 0, 1, 1], y_score=[0.1, 0.4, 0.35, 0.8]) == 0.75.
        Assert.Equal(0.75, RocAnalysis.Auc([0.35, 0.8], [0.1, 0.4]), 12);
    }

    [Fact]
    public void Ties_count_one_half()
    {
        Assert.Equal(0.5, RocAnalysis.Auc([1, 1], [1, 1]), 12);
        // Pairs: (2 vs 1) win, (2 vs 2) half, (1 vs 1) half, (1 vs 2) loss -> 2 / 4.
        Assert.Equal(0.5, RocAnalysis.Auc([2, 1], [1, 2]), 12);
        Assert.Equal(1.0, RocAnalysis.Auc([3, 4], [1, 2]), 12);
    }

    [Fact]
    public void Auc_equals_the_pairwise_count_on_random_scores_with_ties()
    {
        var random = new Random(5);
        var members = Enumerable.Range(0, 300).Select(_ => (double)random.Next(20)).ToArray();
        var others = Enumerable.Range(0, 200).Select(_ => (double)random.Next(15)).ToArray();
        var pairs = members.Sum(m => others.Sum(o => m > o ? 1.0 : m == o ? 0.5 : 0.0));
        Assert.Equal(pairs / (300.0 * 200), RocAnalysis.Auc(members, others), 12);
    }

    [Fact]
    public void Hanley_mcneil_interval_matches_the_papers_formula()
    {
        // Hanley & McNeil (1982), eq. 2 with Q1 = A/(2−A), Q2 = 2A²/(1+A), by hand for
        // A = 0.8, n1 = n0 = 50: Q1 = 0.66667, Q2 = 0.71111,
        // SE² = (0.16 + 49·0.02667 + 49·0.07111) / 2500 = 0.0019804, SE = 0.044502.
        var ci = RocAnalysis.AucInterval(0.8, 50, 50);
        Assert.Equal(0.044502, (ci.Upper - ci.Lower) / 2 / 1.959963984540054, 5);
        Assert.Equal(1.0, RocAnalysis.AucInterval(0.99, 50, 50).Upper);
    }

    [Fact]
    public void True_positives_at_a_false_positive_rate_flag_tied_scores_together()
    {
        double[] members = [10, 9, 8, 5, 1];
        double[] others = [9, 7, 6, 4, 3, 2, 2, 2, 1, 0];
        Assert.Equal(1, RocAnalysis.TruePositivesAt(members, others, 0.0));   // only 10 is above every non-member
        Assert.Equal(3, RocAnalysis.TruePositivesAt(members, others, 0.1));   // one false positive (9) allowed
        Assert.Equal(5, RocAnalysis.TruePositivesAt(members, others, 1.0));
    }
}
