namespace Sanitas.Risk.Attacks;

/// <summary>
/// The ROC summary of a membership score (higher = more likely a member): the area under the
/// curve, exact by ranks with ties counted one half (the Mann-Whitney statistic U / (n₁·n₀)),
/// with the Hanley &amp; McNeil (1982, "The meaning and use of the area under a receiver operating
/// characteristic (ROC) curve", Radiology 143) 95% interval, and the true-positive rate at a low
/// false-positive rate, the figure Carlini et al. (2022, "Membership Inference Attacks From First
/// Principles", IEEE S&amp;P) argue matters most.
/// </summary>
public static class RocAnalysis
{
    /// <summary>The exact AUC: the probability that a random member scores above a random non-member, ties counting one half.</summary>
    /// <exception cref="ArgumentException">A group is empty or a score is NaN.</exception>
    public static double Auc(ReadOnlySpan<double> members, ReadOnlySpan<double> nonMembers)
    {
        var (all, n1, n0) = Combine(members, nonMembers);
        Array.Sort(all, (x, y) => x.Score.CompareTo(y.Score));
        // Mid-ranks over ties; the rank sum of the members gives U.
        double rankSum = 0;
        var i = 0;
        while (i < all.Length)
        {
            var j = i;
            while (j + 1 < all.Length && all[j + 1].Score == all[i].Score)
            {
                j++;
            }
            var midRank = ((i + 1) + (j + 1)) / 2.0;
            for (var k = i; k <= j; k++)
            {
                if (all[k].Member)
                {
                    rankSum += midRank;
                }
            }
            i = j + 1;
        }
        var u = rankSum - (n1 * (n1 + 1) / 2.0);
        return u / ((double)n1 * n0);
    }

    /// <summary>The Hanley &amp; McNeil 95% interval of an AUC from n₁ members and n₀ non-members, clamped to [0, 1].</summary>
    public static ConfidenceInterval AucInterval(double auc, int members, int nonMembers)
    {
        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var variance = ((auc * (1 - auc)) + ((members - 1) * (q1 - (auc * auc))) + ((nonMembers - 1) * (q2 - (auc * auc)))) / ((double)members * nonMembers);
        var half = 1.959963984540054 * Math.Sqrt(Math.Max(0, variance));
        return new ConfidenceInterval(Math.Max(0, auc - half), Math.Min(1, auc + half), 0.95);
    }

    /// <summary>
    /// The largest number of members flagged by a threshold (flag when score ≥ threshold) that
    /// flags at most ⌊<paramref name="falsePositiveRate"/> · n₀⌋ non-members.
    /// </summary>
    public static int TruePositivesAt(ReadOnlySpan<double> members, ReadOnlySpan<double> nonMembers, double falsePositiveRate)
    {
        if (!(falsePositiveRate >= 0 && falsePositiveRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "The false-positive rate must be in [0, 1].");
        }
        var (all, _, n0) = Combine(members, nonMembers);
        Array.Sort(all, (x, y) => y.Score.CompareTo(x.Score));
        var allowed = (long)Math.Floor((falsePositiveRate * n0) + 1e-9);
        int tp = 0, fp = 0, best = 0;
        var i = 0;
        while (i < all.Length)
        {
            // Every record with the same score is flagged together.
            var j = i;
            while (j < all.Length && all[j].Score == all[i].Score)
            {
                if (all[j].Member)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
                j++;
            }
            if (fp > allowed)
            {
                break;
            }
            best = tp;
            i = j;
        }
        return best;
    }

    private static ((double Score, bool Member)[] All, int N1, int N0) Combine(ReadOnlySpan<double> members, ReadOnlySpan<double> nonMembers)
    {
        if (members.IsEmpty || nonMembers.IsEmpty)
        {
            throw new ArgumentException($"ROC analysis needs members and non-members (got {members.Length} and {nonMembers.Length}).");
        }
        var all = new (double Score, bool Member)[members.Length + nonMembers.Length];
        for (var i = 0; i < members.Length; i++)
        {
            all[i] = (Check(members[i]), true);
        }
        for (var i = 0; i < nonMembers.Length; i++)
        {
            all[members.Length + i] = (Check(nonMembers[i]), false);
        }
        return (all, members.Length, nonMembers.Length);
    }

    private static double Check(double score) => double.IsNaN(score) ? throw new ArgumentException("A membership score is NaN.") : score;
}
