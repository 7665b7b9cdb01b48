namespace Sanitas.Risk.Attacks;

/// <summary>A two-sided confidence interval for a proportion, such as an attack's success rate.</summary>
/// <param name="Lower">The lower end, in [0, 1].</param>
/// <param name="Upper">The upper end, in [0, 1].</param>
/// <param name="Level">The confidence level, e.g. 0.95.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level)
{
    /// <summary>
    /// The Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/>
    /// (Wilson 1927; recommended over the Wald interval by Brown, Cai &amp; DasGupta 2001,
    /// "Interval Estimation for a Binomial Proportion", Statistical Science 16(2)), which stays
    /// inside [0, 1] and keeps its coverage when the rate is near 0 or 1, as attack rates often are.
    /// </summary>
    /// <param name="successes">Successful trials, 0 ≤ successes ≤ trials.</param>
    /// <param name="trials">All trials; with 0 trials the interval is [0, 1].</param>
    /// <param name="level">The confidence level, strictly between 0 and 1.</param>
    public static ConfidenceInterval Wilson(long successes, long trials, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must be between 0 and the number of trials ({trials}).");
        }
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be strictly between 0 and 1.");
        }
        if (trials == 0)
        {
            return new ConfidenceInterval(0, 1, level);
        }
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - ((1 - level) / 2));
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        double half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        double lower = successes == 0 ? 0 : Math.Max(0, centre - half);
        double upper = successes == trials ? 1 : Math.Min(1, centre + half);
        return new ConfidenceInterval(lower, upper, level);
    }
}
