namespace Sanitas.Privacy;

/// <summary>
/// The exponential mechanism (McSherry &amp; Talwar 2007) over a finite candidate set: selects
/// candidate i with probability ∝ exp(ε uᵢ / (2Δu)) for utilities of sensitivity Δu; ε-DP.
/// Sampled exactly without floating point: every double utility is an exact rational, so
/// γᵢ = ε (u_max − uᵢ)/(2Δu) is exact; draw i uniformly and accept with an exact
/// Bernoulli(exp(−γᵢ)) coin (<see cref="BernoulliSampler"/>), else retry. Accepted draws have
/// probability ∝ exp(−γᵢ) ∝ exp(ε uᵢ/(2Δu)); at most n tries are expected since the best has γ = 0.
/// </summary>
public sealed record ExponentialMechanism
{
    /// <summary>Calibrates the mechanism.</summary>
    /// <param name="utilitySensitivity">Δu, the most one person can change any candidate's utility; positive.</param>
    /// <param name="epsilon">ε; positive.</param>
    public ExponentialMechanism(double utilitySensitivity, double epsilon)
    {
        DyadicGrid.CheckPositive(utilitySensitivity, nameof(utilitySensitivity));
        DyadicGrid.CheckPositive(epsilon, nameof(epsilon));
        UtilitySensitivity = utilitySensitivity;
        Epsilon = epsilon;
    }

    /// <summary>Δu, the declared utility sensitivity.</summary>
    public double UtilitySensitivity { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>
    /// The utility lost at confidence 1 − α: with probability at least 1 − α the selected candidate's
    /// utility is within (2Δu/ε)(ln n + ln(1/α)) of the best candidate's (McSherry &amp; Talwar 2007;
    /// Dwork &amp; Roth 2014, Theorem 3.11), in the utility's own units.
    /// </summary>
    /// <param name="candidates">n, the number of candidates; positive.</param>
    /// <param name="alpha">α in (0, 1); 0.05 for a 95% statement.</param>
    /// <returns>The bound on the utility lost.</returns>
    public double UtilityLoss(int candidates, double alpha = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(candidates);
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be in (0, 1).");
        }
        return 2 * UtilitySensitivity / Epsilon * (Math.Log(candidates) + Math.Log(1 / alpha));
    }

    /// <summary>The cost of one selection: ε-DP.</summary>
    public PureDp Cost => Map(UtilitySensitivity);

    /// <summary>The privacy map: ε' = ε d/Δu for utilities of sensitivity d.</summary>
    /// <param name="utilitySensitivity">The actual utility sensitivity.</param>
    /// <returns>ε'.</returns>
    public PureDp Map(double utilitySensitivity)
    {
        DyadicGrid.CheckFinite(utilitySensitivity, nameof(utilitySensitivity));
        var ratio = Rational.FromDouble(Math.Max(0, utilitySensitivity)) / Rational.FromDouble(UtilitySensitivity);
        return new PureDp((ratio * Rational.FromDouble(Epsilon)).ToDoubleUp());
    }

    /// <summary>Whether inputs at most <paramref name="sensitivity"/> apart stay within <paramref name="budget"/>.</summary>
    /// <param name="sensitivity">A distance between neighbouring inputs.</param>
    /// <param name="budget">The most this release may cost.</param>
    /// <returns>True if <c>Map(sensitivity)</c> is within the budget.</returns>
    public bool Check(double sensitivity, PureDp budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Map(sensitivity).Epsilon <= budget.Epsilon;
    }

    /// <summary>Selects a candidate. Charge <see cref="Cost"/> first.</summary>
    /// <param name="utilities">One finite utility per candidate (at least one).</param>
    /// <param name="random">The source of bits; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>The index of the selected candidate.</returns>
    public int Release(IReadOnlyList<double> utilities, IRandomBits random)
    {
        var gammas = Gammas(utilities, UtilitySensitivity, Epsilon);
        while (true)
        {
            var i = (int)UniformSampler.Below(random, (ulong)gammas.Length);
            if (BernoulliSampler.SampleExp(random, gammas[i]))
            {
                return i;
            }
        }
    }

    /// <summary>γᵢ = ε (u_max − uᵢ) / (2Δu), exactly.</summary>
    internal static Rational[] Gammas(IReadOnlyList<double> utilities, double sensitivity, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(utilities);
        if (utilities.Count == 0)
        {
            throw new ArgumentException("There must be at least one candidate.", nameof(utilities));
        }
        var max = double.NegativeInfinity;
        foreach (var u in utilities)
        {
            DyadicGrid.CheckFinite(u, nameof(utilities));
            max = Math.Max(max, u);
        }
        var factor = Rational.FromDouble(epsilon) / (Rational.FromDouble(sensitivity) * Rational.FromInteger(2));
        var top = Rational.FromDouble(max);
        var gammas = new Rational[utilities.Count];
        for (var i = 0; i < gammas.Length; i++)
        {
            gammas[i] = (top - Rational.FromDouble(utilities[i])) * factor;
        }
        return gammas;
    }
}
