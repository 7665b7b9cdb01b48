namespace Sanitas.Privacy;

/// <summary>
/// Report-noisy-max with exponential noise, sampled as permute-and-flip (McKenna &amp; Sheldon,
/// "Permute-and-Flip: A new mechanism for differentially private selection", NeurIPS 2020; equal in
/// distribution to report-noisy-max with Exponential(2Δu/ε) noise, Ding, Kifer et al. 2021). ε-DP,
/// and never less accurate in expectation than the exponential mechanism. Exact: visit candidates
/// in a uniformly random order and return the first whose exact Bernoulli(exp(−ε(u_max − uᵢ)/(2Δu)))
/// coin comes up heads; the best candidate's coin always does.
/// </summary>
public sealed record ReportNoisyMax
{
    /// <summary>Calibrates the mechanism.</summary>
    /// <param name="utilitySensitivity">Δu, the most one person can change any score; positive.</param>
    /// <param name="epsilon">ε; positive.</param>
    public ReportNoisyMax(double utilitySensitivity, double epsilon)
    {
        DyadicGrid.CheckPositive(utilitySensitivity, nameof(utilitySensitivity));
        DyadicGrid.CheckPositive(epsilon, nameof(epsilon));
        UtilitySensitivity = utilitySensitivity;
        Epsilon = epsilon;
    }

    /// <summary>Δu, the declared score sensitivity.</summary>
    public double UtilitySensitivity { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>The cost of one selection: ε-DP.</summary>
    public PureDp Cost => new ExponentialMechanism(UtilitySensitivity, Epsilon).Map(UtilitySensitivity);

    /// <summary>The privacy map: ε' = ε d/Δu.</summary>
    /// <param name="utilitySensitivity">The actual score sensitivity.</param>
    /// <returns>ε'.</returns>
    public PureDp Map(double utilitySensitivity) => new ExponentialMechanism(UtilitySensitivity, Epsilon).Map(utilitySensitivity);

    /// <summary>Whether inputs at most <paramref name="sensitivity"/> apart stay within <paramref name="budget"/>.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <param name="budget">The most this release may cost.</param>
    /// <returns>True if <c>Map(sensitivity)</c> is within the budget.</returns>
    public bool Check(double sensitivity, PureDp budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Map(sensitivity).Epsilon <= budget.Epsilon;
    }

    /// <summary>Selects the (noisy) best candidate. Charge <see cref="Cost"/> first.</summary>
    /// <param name="scores">One finite score per candidate (at least one).</param>
    /// <param name="random">The source of bits; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>The index of the selected candidate.</returns>
    public int Release(IReadOnlyList<double> scores, IRandomBits random)
    {
        var gammas = ExponentialMechanism.Gammas(scores, UtilitySensitivity, Epsilon);
        var order = new int[gammas.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        // Lazy Fisher–Yates: each step fixes the next candidate of a uniform permutation.
        for (var i = 0; i < order.Length; i++)
        {
            var j = i + (int)UniformSampler.Below(random, (ulong)(order.Length - i));
            (order[i], order[j]) = (order[j], order[i]);
            if (BernoulliSampler.SampleExp(random, gammas[order[i]]))
            {
                return order[i];
            }
        }
        throw new InvalidOperationException("Unreachable: the best candidate is always accepted.");
    }
}
